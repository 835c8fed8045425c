package dev.kortana.processors.store;

import dev.kortana.contracts.TaskStatus;
import java.sql.SQLException;
import java.util.Map;

/**
 * Moves a task into AWAITING_APPROVAL or AWAITING_RECONCILIATION from its worker, and back to ACCEPTED when a decision,
 * timeout or cancel comes.
 */
final class ParkedTasks {

    private final String node;

    ParkedTasks(String node) {
        this.node = node;
    }

    /** Parks the task this node holds the lease of, in the caller's transaction; false when no request is open. */
    boolean park(Database.Session s, String taskId, String reason, Map<String, Object> detail) throws SQLException {
        s.queryOne("SELECT id FROM tasks WHERE id = ? FOR UPDATE", rs -> 1, taskId);
        if (s.queryOne("SELECT 1 FROM approvals WHERE task_id = ? AND status = 'PENDING'", rs -> 1, taskId).isEmpty()) {
            return false;
        }
        if (s.update("UPDATE tasks SET status = 'AWAITING_APPROVAL', status_reason = ?, lease_owner = NULL, lease_until = NULL,"
                + " updated_at = now() WHERE id = ? AND lease_owner = ?", reason, taskId, node) != 1) {
            throw new LeaseLostException(taskId, node);
        }
        TaskStore.appendEvent(s, taskId, "status", TaskStatus.AWAITING_APPROVAL.name(), TaskStatus.AWAITING_APPROVAL,
                detail, node);
        return true;
    }

    /** Parks the task this node holds the lease of until a person settles a call's unknown outcome. */
    void parkForReconciliation(Database.Session s, String taskId, String reason, Map<String, Object> detail) throws SQLException {
        if (s.update("UPDATE tasks SET status = 'AWAITING_RECONCILIATION', status_reason = ?, lease_owner = NULL,"
                + " lease_until = NULL, updated_at = now() WHERE id = ? AND lease_owner = ?", reason, taskId, node) != 1) {
            throw new LeaseLostException(taskId, node);
        }
        TaskStore.appendEvent(s, taskId, "status", TaskStatus.AWAITING_RECONCILIATION.name(), TaskStatus.AWAITING_RECONCILIATION,
                detail, node);
    }

    /** Reopens a parked task (ACCEPTED, no lease) in the caller's transaction; false when it was not parked. */
    boolean reopen(Database.Session s, String taskId, String why) throws SQLException {
        int reopened = s.update("UPDATE tasks SET status = 'ACCEPTED', status_reason = NULL, lease_owner = NULL,"
                + " lease_until = NULL, updated_at = now() WHERE id = ? AND status IN ('AWAITING_APPROVAL', 'AWAITING_RECONCILIATION')",
                taskId);
        if (reopened == 1) {
            TaskStore.appendEvent(s, taskId, "status", TaskStatus.ACCEPTED.name(), TaskStatus.ACCEPTED, Map.of("resumed", why), node);
        }
        return reopened == 1;
    }
}
