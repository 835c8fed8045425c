package dev.kortana.processors.store;

import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.approval.Approval;
import dev.kortana.processors.approval.ApprovalRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Approval requests and receipts in PostgreSQL. A parked task holds no lease; a decision reopens it (status ACCEPTED,
 * no lease) in the same transaction, so a crash before it is queued leaves it for the sweeper rather than lost.
 */
public class ApprovalStore {

    private static final String COLUMNS = "id, task_id, tenant, step_index, tool, args, args_hash, policy_version, rule_id,"
            + " reason, role, status, requested_at, respond_by, on_timeout, escalate_to, valid_for_ms, reviewer, comment,"
            + " decided_at, expires_at";

    private final Database db;
    private final String node;

    public ApprovalStore(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    /** The newest request or receipt for one step, if any. */
    public Optional<Approval> latest(String taskId, int stepIndex) {
        return db.queryOne("SELECT " + COLUMNS + " FROM approvals WHERE task_id = ? AND step_index = ? ORDER BY id DESC LIMIT 1",
                ApprovalStore::row, taskId, stepIndex);
    }

    /** The task's rejected or expired request, if it has one: a final no for the task. */
    public Optional<Approval> refusal(String taskId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM approvals WHERE task_id = ? AND status IN ('REJECTED', 'EXPIRED')"
                + " ORDER BY id LIMIT 1", ApprovalStore::row, taskId);
    }

    public List<Approval> forTask(String taskId) {
        return db.query("SELECT " + COLUMNS + " FROM approvals WHERE task_id = ? ORDER BY id", ApprovalStore::row, taskId);
    }

    /** Open requests, oldest first; {@code tenant} null means every tenant. */
    public List<Approval> pending(String tenant, int limit) {
        return tenant == null
                ? db.query("SELECT " + COLUMNS + " FROM approvals WHERE status = 'PENDING' ORDER BY id LIMIT ?", ApprovalStore::row, limit)
                : db.query("SELECT " + COLUMNS + " FROM approvals WHERE status = 'PENDING' AND tenant = ? ORDER BY id LIMIT ?",
                        ApprovalStore::row, tenant, limit);
    }

    /**
     * Opens a request for a step, closing an older receipt for it that no longer applies ({@code supersedes}, with why).
     * Returns the open request: the new one, or the one already open for the step.
     */
    public Approval request(ApprovalRequest r, Long supersedes, String why) {
        return db.inTransaction(s -> {
            if (supersedes != null) {
                s.update("UPDATE approvals SET status = 'SUPERSEDED', comment = COALESCE(comment || ' | ', '') || ?"
                        + " WHERE id = ? AND status IN ('APPROVED', 'PENDING')", why, supersedes);
            }
            s.update("INSERT INTO approvals (task_id, tenant, step_index, tool, args, args_hash, policy_version, rule_id, reason,"
                            + " role, status, respond_by, on_timeout, escalate_to, valid_for_ms)"
                            + " VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, 'PENDING', now() + make_interval(secs => ?),"
                            + " ?, ?, ?) ON CONFLICT (task_id, step_index) WHERE status = 'PENDING' DO NOTHING",
                    r.taskId(), r.tenant(), r.stepIndex(), r.tool(), Json.MAPPER.valueToTree(r.args()).toString(),
                    r.argsHash(), r.policyVersion(), r.ruleId(), r.reason(), r.role(), r.timeout().toMillis() / 1000.0,
                    r.onTimeout(), r.escalateTo(), r.validFor().toMillis());
            return s.queryOne("SELECT " + COLUMNS + " FROM approvals WHERE task_id = ? AND step_index = ? AND status = 'PENDING'",
                    ApprovalStore::row, r.taskId(), r.stepIndex()).orElseThrow();
        });
    }

    /**
     * Records a human decision on an open request and, when no other request of the task is still open, reopens the
     * parked task. Returns the decided row, or empty when the request was no longer open (decided, expired, superseded).
     */
    public Optional<Decision> decide(long id, boolean approve, String reviewer, String comment) {
        return db.inTransaction(s -> {
            // Serialises with park(): a decision that lands while the worker is parking the task still reopens it.
            s.queryOne("SELECT t.id FROM tasks t JOIN approvals a ON a.task_id = t.id WHERE a.id = ? FOR UPDATE OF t",
                    rs -> 1, id);
            Optional<Approval> decided = s.queryOne("UPDATE approvals SET status = ?, reviewer = ?, comment = ?, decided_at = now(),"
                            + " expires_at = CASE WHEN ? THEN now() + make_interval(secs => valid_for_ms / 1000.0) END"
                            + " WHERE id = ? AND status = 'PENDING' RETURNING " + COLUMNS, ApprovalStore::row,
                    approve ? Approval.APPROVED : Approval.REJECTED, reviewer, comment, approve, id);
            if (decided.isEmpty()) {
                return Optional.empty();
            }
            Approval a = decided.get();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("step", a.stepIndex());
            detail.put("tool", a.tool());
            detail.put("reviewer", reviewer);
            detail.put("argsHash", a.argsHash());
            if (comment != null) {
                detail.put("comment", comment);
            }
            TaskStore.appendEvent(s, a.taskId(), "approval", approve ? "APPROVED" : "APPROVAL_REJECTED",
                    TaskStatus.AWAITING_APPROVAL, detail, node);
            if (!approve) {
                // One rejected step ends the task: nothing else of it is waiting for anyone, even mid-round.
                s.update("UPDATE approvals SET status = 'SUPERSEDED', comment = ? WHERE task_id = ? AND status = 'PENDING'",
                        "step " + a.stepIndex() + " was rejected", a.taskId());
            }
            boolean stillOpen = approve && s.queryOne("SELECT 1 FROM approvals WHERE task_id = ? AND status = 'PENDING'",
                    rs -> 1, a.taskId()).isPresent();
            boolean reopened = !stillOpen && reopen(s, a.taskId(), approve ? "approved" : "rejected");
            return Optional.of(new Decision(a, reopened));
        });
    }

    /**
     * Parks a task whose worker holds its lease: AWAITING_APPROVAL with {@code reason}, lease released, so nobody takes
     * it until a decision, a timeout or a cancel reopens it. Returns false, leaving the task as it is, when no request
     * of the task is open any more (decided while the worker was getting here).
     */
    public boolean park(String taskId, String reason, Map<String, Object> detail) {
        return db.inTransaction(s -> {
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
        });
    }

    /** A decision, and whether the parked task was reopened by it (then the caller queues it). */
    public record Decision(Approval approval, boolean reopened) {}

    /**
     * Applies the timeouts of open requests whose answer is overdue: REJECT expires the request and reopens the task
     * (which then ends REJECTED); ESCALATE hands the request to its escalation role for another timeout period, after
     * which it is rejected. Returns what changed.
     */
    public List<Approval> applyTimeouts(int limit) {
        return db.inTransaction(s -> {
            List<Approval> due = s.query("SELECT " + COLUMNS + " FROM approvals WHERE status = 'PENDING' AND respond_by < now()"
                    + " ORDER BY respond_by LIMIT ? FOR UPDATE SKIP LOCKED", ApprovalStore::row, limit);
            for (Approval a : due) {
                if ("ESCALATE".equals(a.onTimeout()) && a.escalateTo() != null) {
                    s.update("UPDATE approvals SET role = escalate_to, escalate_to = NULL, on_timeout = 'REJECT',"
                            + " respond_by = now() + (respond_by - requested_at) WHERE id = ?", a.id());
                    TaskStore.appendEvent(s, a.taskId(), "approval", "APPROVAL_ESCALATED", TaskStatus.AWAITING_APPROVAL,
                            Map.of("step", a.stepIndex(), "tool", a.tool(), "role", a.escalateTo()), node);
                } else {
                    s.update("UPDATE approvals SET status = 'EXPIRED', decided_at = now() WHERE id = ?", a.id());
                    TaskStore.appendEvent(s, a.taskId(), "approval", "APPROVAL_EXPIRED", TaskStatus.AWAITING_APPROVAL,
                            Map.of("step", a.stepIndex(), "tool", a.tool()), node);
                    reopen(s, a.taskId(), "timed out");
                }
            }
            return due;
        });
    }

    /**
     * Asks a live task to stop: a running worker stops before its next steps; a parked task is reopened so the pipeline
     * ends it CANCELLED and publishes that. Returns the status the task had, or empty when there is no such task.
     */
    public Optional<TaskStatus> requestCancel(String taskId, String by, String comment) {
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
            s.update("UPDATE tasks SET cancel_request = CAST(? AS jsonb), updated_at = now(), lease_until = CASE"
                            + " WHEN lease_owner IS NULL AND lease_until > now() THEN now() ELSE lease_until END WHERE id = ?",
                    Json.MAPPER.valueToTree(request).toString(), taskId);
            TaskStore.appendEvent(s, taskId, "control", "CANCEL_REQUESTED", status.get(), request, node);
            s.update("UPDATE approvals SET status = 'SUPERSEDED', comment = 'task cancelled' WHERE task_id = ? AND status = 'PENDING'",
                    taskId);
            reopen(s, taskId, "cancelled");
            return status;
        });
    }

    /** Who asked to cancel the task and why, when someone did. */
    public Optional<String> cancelRequest(String taskId) {
        return db.queryOne("SELECT cancel_request FROM tasks WHERE id = ? AND cancel_request IS NOT NULL",
                rs -> rs.getString(1), taskId);
    }

    private boolean reopen(Database.Session s, String taskId, String why) throws SQLException {
        int reopened = s.update("UPDATE tasks SET status = 'ACCEPTED', status_reason = NULL, lease_owner = NULL,"
                + " lease_until = NULL, updated_at = now() WHERE id = ? AND status = 'AWAITING_APPROVAL'", taskId);
        if (reopened == 1) {
            TaskStore.appendEvent(s, taskId, "status", TaskStatus.ACCEPTED.name(), TaskStatus.ACCEPTED, Map.of("resumed", why), node);
        }
        return reopened == 1;
    }

    private static Approval row(ResultSet rs) throws SQLException {
        return new Approval(rs.getLong("id"), rs.getString("task_id"), rs.getString("tenant"), rs.getInt("step_index"),
                rs.getString("tool"), TaskStore.readTree(rs.getString("args")), rs.getString("args_hash"),
                rs.getString("policy_version"), rs.getString("rule_id"), rs.getString("reason"), rs.getString("role"),
                rs.getString("status"), Database.instant(rs, "requested_at"), Database.instant(rs, "respond_by"),
                rs.getString("on_timeout"), rs.getString("escalate_to"), rs.getLong("valid_for_ms"), rs.getString("reviewer"),
                rs.getString("comment"), Database.instant(rs, "decided_at"), Database.instant(rs, "expires_at"));
    }
}
