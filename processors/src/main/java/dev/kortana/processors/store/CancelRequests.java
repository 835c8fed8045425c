package dev.kortana.processors.store;

import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A person's request to stop a live task: recorded on the task, which a parked task is reopened to act on. */
final class CancelRequests {

    private final Database db;
    private final ParkedTasks parked;
    private final String node;

    CancelRequests(Database db, ParkedTasks parked, String node) {
        this.db = db;
        this.parked = parked;
        this.node = node;
    }

    /** Records the request on a live task, supersedes its open approval requests and reopens it if parked. */
    Optional<TaskStatus> request(String taskId, String by, String comment) {
        return db.inTransaction(s -> {
            Optional<TaskStatus> status = s.queryOne("SELECT status FROM tasks WHERE id = ? FOR UPDATE",
                    rs -> TaskStatus.valueOf(rs.getString(1)), taskId);
            if (status.isEmpty() || status.get().isTerminal()) {
                return status;
            }
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("by", by);
            request.put("comment", comment);
            request.put("at", Instant.now().toString());
            // A task put aside for a rate limit (no owner) is due at once, so the next sweep ends it.
            // A repeated request (a client retrying) is the same action: counted once.
            s.update("UPDATE tasks SET cancel_request = CAST(? AS jsonb), updated_at = now(),"
                            + " human_actions = human_actions + CASE WHEN cancel_request IS NULL THEN 1 ELSE 0 END,"
                            + " lease_until = CASE"
                            + " WHEN lease_owner IS NULL AND lease_until > now() THEN now() ELSE lease_until END WHERE id = ?",
                    Json.MAPPER.valueToTree(request).toString(), taskId);
            TaskStore.appendEvent(s, taskId, "control", "CANCEL_REQUESTED", status.get(), request, node);
            s.update("UPDATE approvals SET status = 'SUPERSEDED', comment = 'task cancelled' WHERE task_id = ? AND status = 'PENDING'",
                    taskId);
            parked.reopen(s, taskId, "cancelled", TaskStatus.AWAITING_APPROVAL, TaskStatus.AWAITING_RECONCILIATION);
            return status;
        });
    }

    /** The request as JSON ({@code by}, {@code comment}, {@code at}), when someone made one. */
    Optional<String> find(String taskId) {
        return db.queryOne("SELECT cancel_request FROM tasks WHERE id = ? AND cancel_request IS NOT NULL",
                rs -> rs.getString(1), taskId);
    }
}
