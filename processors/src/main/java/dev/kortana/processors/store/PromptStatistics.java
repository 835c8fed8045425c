package dev.kortana.processors.store;

import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.prompts.PromptOutcome;
import dev.kortana.processors.prompts.PromptRules;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The outcome statistics of prompt versions: when a task ends, its outcome, cost and latency are counted into every
 * version it used (recorded in prompt_uses by {@link PromptStore#recordUse}). Counters on the version row, not a row per use.
 */
public class PromptStatistics {

    private final WriteBehind behind;

    public PromptStatistics(Database db) {
        this(WriteBehind.direct(db));
    }

    /** Settling through {@code behind}, after the uses {@link PromptStore#recordUse} queued there. */
    public PromptStatistics(WriteBehind behind) {
        this.behind = behind;
    }

    /**
     * Counts the ended task into the statistics of every prompt version it used, once: the task's record of them is
     * cleared in the same transaction. Written behind, in order after the task's uses; flush to see it.
     */
    public void settle(String taskId, TaskStatus status, String reason, BigDecimal costUsd) {
        behind.submit(s -> count(s, taskId, status, reason, costUsd));
    }

    private static void count(Database.Session s, String taskId, TaskStatus status, String reason, BigDecimal costUsd)
            throws SQLException {
        // Deleting the task's uses is what counts them once: a second settlement finds none. No task row is locked.
        Map<String, Integer> versions = new TreeMap<>();
        s.query("DELETE FROM prompt_uses WHERE task_id = ? RETURNING name, version",
                rs -> versions.put(rs.getString(1), rs.getInt(2)), taskId);
        if (versions.isEmpty()) {
            return;
        }
        long latencyMs = Math.max(0, s.queryOne("SELECT (extract(epoch FROM now() - created_at) * 1000)::bigint FROM tasks"
                + " WHERE id = ?", rs -> rs.getLong(1), taskId).orElse(0L));
        Set<String> planEvents = new HashSet<>(s.query("SELECT DISTINCT name FROM task_events WHERE task_id = ?"
                + " AND name IN ('PLAN_INVALID', 'PLAN_FALLBACK')", rs -> rs.getString(1), taskId));
        // By name within the task; tasks of a batch, and batches of two instances, may still lock versions in other
        // orders: a deadlock aborts the batch, which the write-behind then runs again one write at a time.
        for (Map.Entry<String, Integer> entry : versions.entrySet()) {
            char letter = PromptOutcome.letter(entry.getKey(), status, reason, planEvents);
            s.update("UPDATE prompt_versions SET uses = uses + 1, successes = successes + ?,"
                            + " validation_failures = validation_failures + ?, failures = failures + ?,"
                            + " cost_usd = cost_usd + ?, latency_ms = latency_ms + ?, recent = right(recent || ?, ?)"
                            + " WHERE name = ? AND version = ?",
                    status == TaskStatus.COMPLETED ? 1 : 0, letter == 'V' ? 1 : 0, status == TaskStatus.FAILED ? 1 : 0,
                    costUsd, latencyMs, String.valueOf(letter), PromptRules.MAX_WINDOW, entry.getKey(), entry.getValue());
        }
    }
}
