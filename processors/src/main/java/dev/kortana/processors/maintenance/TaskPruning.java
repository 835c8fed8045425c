package dev.kortana.processors.maintenance;

import dev.kortana.processors.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes the events, step checkpoints, tool-call ledger rows and prompt uses (left unsettled when a worker that lost
 * the task recorded one late) of tasks that ended more than {@code keep} ago, in
 * batches of {@code batch} tasks (each its own transaction, the task rows locked so a replay cannot reopen one
 * meanwhile). The task row, with its status and outcome, stays. A task that is not terminal, or has a dead letter not yet
 * replayed (a replay resumes from those checkpoints and that ledger), is never touched.
 */
public class TaskPruning {

    private static final String PRUNABLE = "SELECT id FROM tasks t"
            + " WHERE status IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED') AND updated_at < ?"
            + " AND (EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = t.id)"
            + "   OR EXISTS (SELECT 1 FROM steps s WHERE s.task_id = t.id)"
            + "   OR EXISTS (SELECT 1 FROM tool_calls c WHERE c.task_id = t.id)"
            + "   OR EXISTS (SELECT 1 FROM prompt_uses u WHERE u.task_id = t.id))"
            + " AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.task_id = t.id AND d.replayed_at IS NULL)"
            + " ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED";

    private final Database db;
    private final Duration keep;
    private final int batch;
    private final Clock clock;

    public TaskPruning(Database db, Duration keep, int batch, Clock clock) {
        this.db = db;
        this.keep = keep;
        this.batch = batch;
        this.clock = clock;
    }

    /** Counts {@code tasks} pruned and the {@code events}, {@code steps}, {@code toolCalls} and {@code promptUses} rows deleted. */
    public Map<String, Long> run() {
        long[] totals = new long[5];
        java.time.Instant before = clock.instant().minus(keep);
        while (true) {
            long[] done = db.inTransaction(s -> {
                List<String> ids = s.query(PRUNABLE, rs -> rs.getString(1), before, batch);
                if (ids.isEmpty()) {
                    return new long[5];
                }
                String[] tasks = ids.toArray(String[]::new);
                return new long[] {ids.size(),
                        s.update("DELETE FROM task_events WHERE task_id = ANY(?)", (Object) tasks),
                        s.update("DELETE FROM steps WHERE task_id = ANY(?)", (Object) tasks),
                        s.update("DELETE FROM tool_calls WHERE task_id = ANY(?)", (Object) tasks),
                        s.update("DELETE FROM prompt_uses WHERE task_id = ANY(?)", (Object) tasks)};
            });
            for (int i = 0; i < totals.length; i++) {
                totals[i] += done[i];
            }
            if (done[0] < batch) {
                break;
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("tasks", totals[0]);
        counts.put("events", totals[1]);
        counts.put("steps", totals[2]);
        counts.put("toolCalls", totals[3]);
        counts.put("promptUses", totals[4]);
        return counts;
    }
}
