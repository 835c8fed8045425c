package dev.kortana.processors.maintenance;

import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes memories past their kind's retention, counted from their last use (or creation when never used), and
 * superseded rows (kept for audit) past their own retention counted from when they were superseded; a kind without a
 * retention is kept. Deletes go in batches of {@code batch} rows, each its own transaction, and leave the index at once.
 */
public class MemoryRetention {

    private final Database db;
    private final VectorIndex index;
    private final Map<String, Duration> keepByKind;
    private final Duration keepSuperseded;
    private final int batch;
    private final Clock clock;

    /**
     * @param keepByKind     how long each kind is kept after its last use; a kind not named (or zero) is kept for ever
     * @param keepSuperseded how long a superseded row is kept after it was superseded; zero keeps them for ever
     */
    public MemoryRetention(Database db, VectorIndex index, Map<String, Duration> keepByKind, Duration keepSuperseded,
            int batch, Clock clock) {
        this.db = db;
        this.index = index;
        this.keepByKind = Map.copyOf(keepByKind);
        this.keepSuperseded = keepSuperseded;
        this.batch = batch;
        this.clock = clock;
    }

    /** Counts the rows deleted per kind ({@code fact}, …) and superseded ({@code superseded}). */
    public Map<String, Long> run() {
        Instant now = clock.instant();
        Map<String, Long> counts = new LinkedHashMap<>();
        keepByKind.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> !e.getValue().isZero() && !e.getValue().isNegative())
                .forEach(e -> counts.put(e.getKey(), deleteAll("kind = ? AND superseded_by IS NULL"
                        + " AND greatest(created_at, coalesce(last_used_at, created_at)) < ?", e.getKey(), now.minus(e.getValue()))));
        if (!keepSuperseded.isZero() && !keepSuperseded.isNegative()) {
            counts.put("superseded", deleteAll("superseded_by IS NOT NULL AND updated_at < ?", now.minus(keepSuperseded)));
        }
        return counts;
    }

    private long deleteAll(String where, Object... params) {
        Object[] withLimit = java.util.Arrays.copyOf(params, params.length + 1);
        withLimit[params.length] = batch;
        long total = 0;
        while (true) {
            List<Long> gone = db.query("DELETE FROM memories WHERE id IN (SELECT id FROM memories WHERE " + where
                    + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id", rs -> rs.getLong(1), withLimit);
            index.removeAll(gone);
            total += gone.size();
            if (gone.size() < batch) {
                return total;
            }
        }
    }
}
