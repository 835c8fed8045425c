package dev.kortana.processors.store;

import java.util.List;
import java.util.Optional;

/**
 * How good memories prove: a task that retrieved them and succeeded raises them a little, one that failed lowers them
 * more, and a person's judgement moves them most. Quality (0…1) weighs ranking (see RankFusion) and decides what
 * maintenance archives first; every use also counts and dates the memory.
 */
public class MemoryQuality {

    /** A task that used the memory ended well. */
    public static final double SUCCEEDED = 0.02;
    /** A task that used the memory failed (validation or a later step): one failure outweighs a few successes. */
    public static final double FAILED = -0.05;
    /** A person marked it helpful. */
    public static final double HELPFUL = 0.2;
    /** A person marked it wrong or unhelpful. */
    public static final double UNHELPFUL = -0.3;

    private final Database db;
    private final WriteBehind behind;

    public MemoryQuality(Database db) {
        this(db, WriteBehind.direct(db));
    }

    /** Counting uses through {@code behind}: they are telemetry no task waits for. */
    public MemoryQuality(Database db, WriteBehind behind) {
        this.db = db;
        this.behind = behind;
    }

    /** The tenant's memories a task retrieved, counted as used and moved by the task's outcome (written behind). */
    public void used(String tenant, List<Long> ids, boolean succeeded) {
        if (ids.isEmpty()) {
            return;
        }
        long[] distinct = ids.stream().mapToLong(Long::longValue).distinct().toArray();
        behind.submit(s -> s.update("UPDATE memories SET uses = uses + 1, last_used_at = now(), quality = " + CLAMPED
                + " WHERE tenant = ? AND id = ANY(?)", succeeded ? SUCCEEDED : FAILED, tenant, distinct));
    }

    /** A person's judgement of one memory of the tenant ({@code null}: any tenant); the new quality, empty when not found. */
    public Optional<Double> judge(String tenant, long id, boolean helpful) {
        String sql = "UPDATE memories SET quality = " + CLAMPED + ", updated_at = now() WHERE id = ?"
                + (tenant == null ? "" : " AND tenant = ?") + " RETURNING quality";
        Object[] params = tenant == null ? new Object[] {helpful ? HELPFUL : UNHELPFUL, id}
                : new Object[] {helpful ? HELPFUL : UNHELPFUL, id, tenant};
        return db.queryOne(sql, rs -> rs.getDouble(1), params);
    }

    private static final String CLAMPED = "least(1, greatest(0, quality + ?))";
}
