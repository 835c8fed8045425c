package dev.kortana.processors.store;

import dev.kortana.contracts.TaskStatus;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Parks the task this node holds the lease of until a person settles a call's unknown outcome; false, leaving it as
     * it is, when a cancel was asked for meanwhile (the worker then ends it instead).
     */
    boolean parkForReconciliation(Database.Session s, String taskId, String reason, Map<String, Object> detail) throws SQLException {
        Optional<Boolean> cancelAsked = s.queryOne("SELECT cancel_request IS NOT NULL FROM tasks WHERE id = ? AND lease_owner = ?"
                + " FOR UPDATE", rs -> rs.getBoolean(1), taskId, node);
        if (cancelAsked.isEmpty()) {
            throw new LeaseLostException(taskId, node);
        }
        if (cancelAsked.get()) {
            return false;
        }
        s.update("UPDATE tasks SET status = 'AWAITING_RECONCILIATION', status_reason = ?, lease_owner = NULL,"
                + " lease_until = NULL, updated_at = now() WHERE id = ?", reason, taskId);
        TaskStore.appendEvent(s, taskId, "status", TaskStatus.AWAITING_RECONCILIATION.name(), TaskStatus.AWAITING_RECONCILIATION,
                detail, node);
        return true;
    }

    /**
     * Reopens a task parked in one of {@code from} (ACCEPTED, no lease) in the caller's transaction; false when it was
     * not parked so. An approval reopens only AWAITING_APPROVAL, an answer for a call only AWAITING_RECONCILIATION.
     */
    boolean reopen(Database.Session s, String taskId, String why, TaskStatus... from) throws SQLException {
        String statuses = java.util.Arrays.stream(from).map(st -> "'" + st.name() + "'")
                .collect(java.util.stream.Collectors.joining(", "));
        int reopened = s.update("UPDATE tasks SET status = 'ACCEPTED', status_reason = NULL, lease_owner = NULL,"
                + " lease_until = NULL, updated_at = now() WHERE id = ? AND status IN (" + statuses + ")", taskId);
        if (reopened == 1) {
            TaskStore.appendEvent(s, taskId, "status", TaskStatus.ACCEPTED.name(), TaskStatus.ACCEPTED, Map.of("resumed", why), node);
        }
        return reopened == 1;
    }
}
