package dev.kortana.routes.ingest;

import dev.kortana.processors.store.InboxClaimStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The claims table without a store: a map of file name to owner (expiry is the test's to play: {@link #expire}), and a
 * record of every claim and release in order, e.g. {@code claim order-7.json by here}.
 */
final class FakeInboxClaims extends InboxClaimStore {

    final Map<String, String> owners = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    FakeInboxClaims() {
        super(null);
    }

    /** Another instance holds {@code fileName} (a live claim). */
    void heldBy(String node, String fileName) {
        owners.put(fileName, node);
    }

    /** The claim on {@code fileName} ran out: its instance died. */
    void expire(String fileName) {
        owners.remove(fileName);
    }

    @Override
    public boolean claim(String fileName, String node, Duration lease) {
        calls.add("claim " + fileName + " by " + node);
        return node.equals(owners.merge(fileName, node, (held, asking) -> held));
    }

    @Override
    public boolean release(String fileName, String node) {
        calls.add("release " + fileName + " by " + node);
        return owners.remove(fileName, node);
    }

    @Override
    public boolean claimed(String fileName) {
        return owners.containsKey(fileName);
    }

    @Override
    public int renew(String node, Collection<String> fileNames, Duration lease) {
        return (int) fileNames.stream().filter(f -> node.equals(owners.get(f))).count();
    }

    @Override
    public int releaseAll(String node) {
        int before = owners.size();
        owners.values().removeIf(node::equals);
        return before - owners.size();
    }
}
