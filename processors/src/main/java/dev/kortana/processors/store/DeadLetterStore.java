package dev.kortana.processors.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tasks the pipeline gave up on, with what an operator needs to judge them (task, plan, steps done, the whole
 * exception chain, attempts) and to replay them: a replay reopens the task, which resumes from its checkpoints.
 */
public class DeadLetterStore {

    /** One dead letter. */
    public record DeadLetter(long id, String taskId, String kind, JsonNode task, JsonNode plan, JsonNode steps,
            String failedRoute, String exceptionClass, String message, JsonNode exceptionChain, int attempts,
            Instant createdAt, Instant replayedAt, String replayedBy, int replayCount) {}

    private static final String COLUMNS = "id, task_id, kind, task, plan, steps, failed_route, exception_class, message,"
            + " exception_chain, attempts, created_at, replayed_at, replayed_by, replay_count";

    private final Database db;

    public DeadLetterStore(Database db) {
        this.db = db;
    }

    /** Keeps the task as stored now (task, plan, step checkpoints) with the failure. */
    public long record(String taskId, String kind, String failedRoute, Throwable error, int attempts) {
        return db.inTransaction(s -> s.queryOne("INSERT INTO dead_letters (task_id, kind, task, plan, steps, failed_route,"
                                + " exception_class, message, exception_chain, stack_trace, attempts)"
                                + " SELECT ?, ?, t.task, t.plan, (SELECT jsonb_agg(to_jsonb(st) - 'task_id' ORDER BY st.step_index)"
                                + " FROM steps st WHERE st.task_id = t.id), ?, ?, ?, CAST(? AS jsonb), ?, ?"
                                + " FROM (SELECT CAST(? AS text) AS id) k LEFT JOIN tasks t ON t.id = k.id RETURNING id",
                        rs -> rs.getLong(1),
                        taskId, kind, failedRoute, error.getClass().getName(), error.getMessage(), chain(error).toString(),
                        stackTrace(error), attempts, taskId)
                .orElseThrow());
    }

    public List<DeadLetter> list(int limit) {
        return db.query("SELECT " + COLUMNS + " FROM dead_letters ORDER BY id DESC LIMIT ?", DeadLetterStore::row, limit);
    }

    public Optional<DeadLetter> find(long id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM dead_letters WHERE id = ?", DeadLetterStore::row, id);
    }

    /**
     * Reopens the dead letter's task for a replay, if it has ended: failed step checkpoints go (completed ones stay,
     * so they are not redone), the outcome goes, and the task is ACCEPTED again with no lease. A dead letter is
     * replayed once; if the task fails again it leaves a new one. Returns false when the dead letter was replayed
     * already or the task is still live.
     */
    public boolean reopen(long id, String taskId, String reviewer, Map<String, Object> detail) {
        try {
            return reopenOnce(id, taskId, reviewer, detail);
        } catch (TaskStillLive e) {
            return false; // the transaction rolled back: the dead letter stays replayable
        }
    }

    private static final class TaskStillLive extends RuntimeException {
        TaskStillLive() {
            super(null, null, false, false);
        }
    }

    private boolean reopenOnce(long id, String taskId, String reviewer, Map<String, Object> detail) {
        return db.inTransaction(s -> {
            if (s.update("UPDATE dead_letters SET replayed_at = now(), replayed_by = ?, replay_count = replay_count + 1"
                    + " WHERE id = ? AND replayed_at IS NULL", reviewer, id) == 0) {
                return false;
            }
            int reopened = s.update("UPDATE tasks SET status = 'ACCEPTED', status_reason = NULL, outcome = NULL,"
                    + " lease_owner = NULL, lease_until = NULL, human_actions = human_actions + 1, updated_at = now()"
                    + " WHERE id = ? AND status IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED')", taskId);
            if (reopened == 0) {
                throw new TaskStillLive();
            }
            s.update("DELETE FROM steps WHERE task_id = ? AND status <> 'COMPLETED'", taskId);
            TaskStore.appendEvent(s, taskId, "status", "REPLAYED", TaskStatus.ACCEPTED, detail, reviewer);
            return true;
        });
    }

    /** Each exception of the chain, outermost first, as {class, message}. */
    static ArrayNode chain(Throwable error) {
        ArrayNode chain = Json.MAPPER.createArrayNode();
        for (Throwable t = error; t != null && chain.size() < 10; t = t.getCause() == t ? null : t.getCause()) {
            chain.addObject().put("class", t.getClass().getName()).put("message", t.getMessage());
        }
        return chain;
    }

    private static DeadLetter row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("task_id"), rs.getString("kind"),
                TaskStore.readTree(rs.getString("task")), TaskStore.readTree(rs.getString("plan")),
                TaskStore.readTree(rs.getString("steps")), rs.getString("failed_route"), rs.getString("exception_class"),
                rs.getString("message"), TaskStore.readTree(rs.getString("exception_chain")), rs.getInt("attempts"),
                Database.instant(rs, "created_at"), Database.instant(rs, "replayed_at"), rs.getString("replayed_by"),
                rs.getInt("replay_count"));
    }

    private static String stackTrace(Throwable error) {
        var out = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
