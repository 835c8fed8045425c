package dev.kortana.processors.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The idempotency ledger in a map, following the state rules of its SQL: a claim inserts a STARTED row, or flips a
 * NOT_DELIVERED or FAILED row back to STARTED with one more attempt; any other row is returned instead.
 */
public final class InMemoryToolCallLedger extends ToolCallLedger {

    private final Map<String, Entry> rows = new ConcurrentHashMap<>();
    private final String node;

    public InMemoryToolCallLedger(String node) {
        super(null, node);
        this.node = node(); // the node id with this process's suffix, as the real ledger writes it
    }

    @Override
    public synchronized boolean releaseUnsent(String key, String why) {
        Entry row = rows.get(key);
        if (row == null || !STARTED.equals(row.status()) || !node.equals(row.node())) {
            return false;
        }
        settle(key, NOT_DELIVERED, null, why);
        return true;
    }

    @Override
    protected synchronized Optional<Entry> claimRow(String key, String taskId, int stepIndex, String tool) {
        Entry row = rows.get(key);
        if (row == null) {
            rows.put(key, new Entry(key, taskId, stepIndex, tool, STARTED, 1, null, null, null, node, Instant.now(), null));
            return Optional.empty();
        }
        if (NOT_DELIVERED.equals(row.status()) || FAILED.equals(row.status())) {
            rows.put(key, new Entry(key, row.taskId(), row.stepIndex(), row.tool(), STARTED, row.attempts() + 1,
                    row.result(), null, row.resolvedBy(), node, Instant.now(), null));
            return Optional.empty();
        }
        return Optional.of(row);
    }

    /** A STARTED row another worker (another process, so another node id) left behind when it stopped mid-call. */
    public synchronized void startedBy(String otherNode, String key, String taskId, int stepIndex, String tool) {
        rows.put(key, new Entry(key, taskId, stepIndex, tool, STARTED, 1, null, null, null, otherNode, Instant.now(), null));
    }

    @Override
    public void complete(String key, JsonNode result) {
        settle(key, COMPLETED, result, null);
    }

    @Override
    public synchronized boolean resolvedBy(String key, boolean happened, JsonNode result, String by) {
        Entry row = rows.get(key);
        if (row == null || !row.unresolved()) {
            return false;
        }
        rows.put(key, new Entry(key, row.taskId(), row.stepIndex(), row.tool(), happened ? COMPLETED : NOT_DELIVERED,
                row.attempts(), happened ? result : null, row.error(), by, row.node(), row.startedAt(), Instant.now()));
        return true;
    }

    @Override
    public synchronized boolean resend(String key) {
        Entry row = rows.get(key);
        if (row == null || !row.unresolved()) {
            return false;
        }
        rows.put(key, new Entry(key, row.taskId(), row.stepIndex(), row.tool(), STARTED, row.attempts() + 1, null,
                row.error(), row.resolvedBy(), node, Instant.now(), null));
        return true;
    }

    @Override
    public void failed(String key, String error) {
        settle(key, FAILED, null, error);
    }

    @Override
    public void notDelivered(String key, String error) {
        settle(key, NOT_DELIVERED, null, error);
    }

    @Override
    public void unknown(String key, String error) {
        settle(key, UNKNOWN, null, error);
    }

    @Override
    public List<Entry> forTask(String taskId) {
        return rows.values().stream()
                .filter(e -> e.taskId().equals(taskId))
                .sorted(Comparator.comparingInt(Entry::stepIndex).thenComparing(Entry::startedAt))
                .toList();
    }

    /** The row of {@code key}; fails the test when there is none. */
    public Entry row(String key) {
        return Optional.ofNullable(rows.get(key)).orElseThrow(() -> new AssertionError("no ledger row for " + key));
    }

    public int size() {
        return rows.size();
    }

    // Like the SQL UPDATE: a key without a row changes nothing.
    private synchronized void settle(String key, String status, JsonNode result, String error) {
        rows.computeIfPresent(key, (k, row) -> new Entry(k, row.taskId(), row.stepIndex(), row.tool(), status,
                row.attempts(), result, error, row.resolvedBy(), row.node(), row.startedAt(), Instant.now()));
    }
}
