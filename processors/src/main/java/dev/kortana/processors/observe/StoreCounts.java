package dev.kortana.processors.observe;

import dev.kortana.processors.store.Database;

/**
 * What waits in the shared store, counted for the metrics in one query every few seconds (a timer calls
 * {@link #refresh}), not at every scrape: approvals waiting for a person, dead letters not replayed and memories kept.
 * The whole cluster's, the same on every instance; -1 until the first count.
 */
public final class StoreCounts {

    private final Database db;
    private volatile long approvalsWaiting = -1;
    private volatile long deadLetters = -1;
    private volatile long memories = -1;

    public StoreCounts(Database db) {
        this.db = db;
    }

    public void refresh() {
        db.queryOne("SELECT (SELECT count(*) FROM approvals WHERE status = 'PENDING') AS approvals,"
                + " (SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL) AS dead_letters,"
                + " (SELECT count(*) FROM memories) AS memories", rs -> {
                    approvalsWaiting = rs.getLong("approvals");
                    deadLetters = rs.getLong("dead_letters");
                    memories = rs.getLong("memories");
                    return Boolean.TRUE;
                });
    }

    public long approvalsWaiting() {
        return approvalsWaiting;
    }

    public long deadLetters() {
        return deadLetters;
    }

    public long memories() {
        return memories;
    }
}
