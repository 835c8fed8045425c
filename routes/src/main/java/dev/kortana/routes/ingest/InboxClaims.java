package dev.kortana.routes.ingest;

import dev.kortana.processors.store.InboxClaimStore;
import dev.kortana.processors.store.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file channel's read lock across instances ({@code readLock=idempotent-changed}): a file is read by the instance
 * whose claim in {@code inbox_claims} is added first; the others skip it. The claim is removed once the file has been
 * moved out of the inbox (commit) or left in it after a failure (rollback); the claims held here are renewed with the
 * leases ({@link #renew()}), so the claim of an instance that died expires after a lease and the file is read again.
 * The inbox inside this instance's own data dir ({@code kortana.inbox.dir} empty) cannot be shared, since a data dir
 * is locked to one process: its claims stay in memory and cost no commit.
 */
public class InboxClaims extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(InboxClaims.class);

    private final InboxClaimStore store;
    private final String node;
    private final Duration lease;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final boolean shared;

    /** Claims in the store, for an inbox other instances may share. */
    public InboxClaims(InboxClaimStore store, String node, Duration lease) {
        this(store, node, lease, true);
    }

    /** {@code shared}: false for the inbox in this instance's own data dir, whose claims need only this instance. */
    public InboxClaims(InboxClaimStore store, String node, Duration lease, boolean shared) {
        this.store = store;
        this.node = node;
        this.lease = lease;
        this.shared = shared;
    }

    /** Claims a file for this instance; false while another instance reads it (or the store cannot say). */
    @Override
    public boolean add(String fileName) {
        if (!held.add(fileName)) {
            return false;
        }
        if (!shared) {
            return true;
        }
        boolean claimed = false;
        try {
            claimed = store.claim(fileName, node, lease);
            return claimed;
        } finally {
            if (!claimed) {
                held.remove(fileName);
            }
        }
    }

    @Override
    public boolean contains(String fileName) {
        return held.contains(fileName) || shared && store.claimed(fileName);
    }

    /**
     * Lets go of a file this instance read, moved or left; a claim that cannot be deleted now expires after a lease. Camel
     * also calls this for a file whose claim it did not get: that costs no query.
     */
    @Override
    public boolean remove(String fileName) {
        if (!held.remove(fileName)) {
            return false;
        }
        if (!shared) {
            return true;
        }
        try {
            return store.release(fileName, node);
        } catch (StoreException e) {
            LOG.warn("Could not release the claim on inbox/{}; it expires in {} ms: {}", fileName, lease.toMillis(),
                    e.getMessage());
            return false;
        }
    }

    /** Not used: the file channel removes claims on commit ({@code readLockRemoveOnCommit}). */
    @Override
    public boolean confirm(String fileName) {
        return held.contains(fileName);
    }

    /** Lets go of every claim of this instance's. */
    @Override
    public void clear() {
        held.clear();
        if (shared) {
            store.releaseAll(node);
        }
    }

    /** Keeps the claims held here alive, and deletes claims that expired; on the lease heartbeat's period. */
    public int renew() {
        return shared ? store.renew(node, List.copyOf(held), lease) : 0;
    }
}
