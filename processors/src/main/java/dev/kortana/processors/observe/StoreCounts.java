package dev.kortana.processors.observe;

import dev.kortana.processors.store.Database;

/**
 * What waits in the shared store, counted for the metrics in one query every few seconds (a timer calls
 * {@link #refresh}), not at every scrape: approvals waiting for a person, dead letters not replayed and memories kept
 * (estimated above {@value #EXACT_UP_TO}).
 * The whole cluster's, the same on every instance; -1 until the first count.
 */
public final class StoreCounts {

    /** Below this many rows (by the planner's estimate) memories are counted exactly. */
    static final long EXACT_UP_TO = 100_000;

    private final Database db;
    private volatile long approvalsWaiting = -1;
    private volatile long deadLetters = -1;
    private volatile long memories = -1;

    public StoreCounts(Database db) {
        this.db = db;
    }

    public void refresh() {
        // Both counts come from partial indexes; memories are counted only while few, then taken from the planner's
        // estimate (kept current by autovacuum): an exact count of a million rows every few seconds is not worth it.
        db.queryOne("SELECT (SELECT count(*) FROM approvals WHERE status = 'PENDING') AS approvals,"
                + " (SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL) AS dead_letters,"
                + " (SELECT CASE WHEN c.reltuples >= " + EXACT_UP_TO + " THEN c.reltuples::bigint"
                + " ELSE (SELECT count(*) FROM memories) END FROM pg_class c WHERE c.oid = to_regclass('memories')) AS memories",
                rs -> {
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
