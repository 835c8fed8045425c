package dev.kortana.processors.store;

import static dev.kortana.processors.store.ApprovalRows.COLUMNS;

import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.approval.Approval;
import dev.kortana.processors.approval.ApprovalRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Approval requests and receipts in PostgreSQL. A parked task holds no lease; a decision reopens it (status ACCEPTED,
 * no lease) in the same transaction, so a crash before it is queued leaves it for the sweeper rather than lost.
 */
public class ApprovalStore {

    private final Database db;
    private final String node;
    private final ParkedTasks parked;
    private final CancelRequests cancels;

    public ApprovalStore(Database db, String node) {
        this.db = db;
        this.node = node;
        this.parked = new ParkedTasks(node);
        this.cancels = new CancelRequests(db, parked, node);
    }

    /** The newest request or receipt for one step, if any. */
    public Optional<Approval> latest(String taskId, int stepIndex) {
        return db.queryOne("SELECT " + COLUMNS + " FROM approvals WHERE task_id = ? AND step_index = ? ORDER BY id DESC LIMIT 1",
                ApprovalRows::row, taskId, stepIndex);
    }

    /** The task's rejected or expired request, if it has one: a final no for the task. */
    public Optional<Approval> refusal(String taskId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM approvals WHERE task_id = ? AND status IN ('REJECTED', 'EXPIRED')"
                + " ORDER BY id LIMIT 1", ApprovalRows::row, taskId);
    }

    public List<Approval> forTask(String taskId) {
        return db.query("SELECT " + COLUMNS + " FROM approvals WHERE task_id = ? ORDER BY id", ApprovalRows::row, taskId);
    }

    /** Open requests, oldest first; {@code tenant} null means every tenant. */
    public List<Approval> pending(String tenant, int limit) {
        return tenant == null
                ? db.query("SELECT " + COLUMNS + " FROM approvals WHERE status = 'PENDING' ORDER BY id LIMIT ?", ApprovalRows::row, limit)
                : db.query("SELECT " + COLUMNS + " FROM approvals WHERE status = 'PENDING' AND tenant = ? ORDER BY id LIMIT ?",
                        ApprovalRows::row, tenant, limit);
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
                    ApprovalRows::row, r.taskId(), r.stepIndex()).orElseThrow();
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
                            + " WHERE id = ? AND status = 'PENDING' RETURNING " + COLUMNS, ApprovalRows::row,
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
            s.update("UPDATE tasks SET human_actions = human_actions + 1 WHERE id = ?", a.taskId());
            if (!approve) {
                // One rejected step ends the task: nothing else of it is waiting for anyone, even mid-round.
                s.update("UPDATE approvals SET status = 'SUPERSEDED', comment = ? WHERE task_id = ? AND status = 'PENDING'",
                        "step " + a.stepIndex() + " was rejected", a.taskId());
            }
            boolean stillOpen = approve && s.queryOne("SELECT 1 FROM approvals WHERE task_id = ? AND status = 'PENDING'",
                    rs -> 1, a.taskId()).isPresent();
            boolean reopened = !stillOpen && parked.reopen(s, a.taskId(), approve ? "approved" : "rejected", TaskStatus.AWAITING_APPROVAL);
            return Optional.of(new Decision(a, reopened));
        });
    }

    /**
     * Parks a task whose worker holds its lease: AWAITING_APPROVAL with {@code reason}, lease released, so nobody takes
     * it until a decision, a timeout or a cancel reopens it. Returns false, leaving the task as it is, when no request
     * of the task is open any more (decided while the worker was getting here).
     */
    public boolean park(String taskId, String reason, Map<String, Object> detail) {
        return db.inTransaction(s -> parked.park(s, taskId, reason, detail));
    }

    /**
     * Parks a task whose worker holds its lease until a person says whether a call with an unknown outcome happened:
     * AWAITING_RECONCILIATION with {@code reason}, lease released, surviving restarts. False, leaving the task as it is,
     * when a cancel was asked for meanwhile: the worker ends it instead.
     */
    public boolean parkForReconciliation(String taskId, String reason, Map<String, Object> detail) {
        return db.inTransaction(s -> parked.parkForReconciliation(s, taskId, reason, detail));
    }

    /** What a person's answer for a parked call did. */
    public enum Reconciled {
        /** The call was settled and the task reopened (the caller queues it). */
        RESUMED,
        /** The task does not wait for such an answer. */
        NOT_WAITING,
        /** Several calls wait: the answer must name its step. */
        NAME_THE_STEP,
        /** The named step has no call that waits. */
        NO_SUCH_STEP
    }

    /**
     * A person's answer for one call of a task parked AWAITING_RECONCILIATION, in one transaction: the call of
     * {@code step} (or the only one that waits, when {@code step} is null) is recorded as having happened (with
     * {@code result}, or a note that the person confirmed it) or not (it runs again), and the task is reopened. Other
     * calls that wait stay as they are: the task parks for them again when it reaches them.
     */
    public Reconciled reconcile(String taskId, Integer step, boolean happened, com.fasterxml.jackson.databind.JsonNode result,
            String reviewer) {
        return db.inTransaction(s -> {
            boolean waiting = s.queryOne("SELECT status FROM tasks WHERE id = ? FOR UPDATE", rs -> rs.getString(1), taskId)
                    .filter(TaskStatus.AWAITING_RECONCILIATION.name()::equals).isPresent();
            if (!waiting) {
                return Reconciled.NOT_WAITING;
            }
            List<Integer> open = s.query("SELECT step_index FROM tool_calls WHERE task_id = ? AND status IN ('STARTED', 'UNKNOWN')"
                    + " ORDER BY step_index", rs -> rs.getInt(1), taskId);
            if (step == null && open.size() > 1) {
                return Reconciled.NAME_THE_STEP;
            }
            if (step != null && !open.contains(step)) {
                return Reconciled.NO_SUCH_STEP;
            }
            Integer settled = step != null ? step : open.isEmpty() ? null : open.get(0);
            if (settled != null) {
                ToolCallLedger.resolve(s, taskId, settled, happened, result, reviewer);
            }
            s.update("UPDATE tasks SET human_actions = human_actions + 1 WHERE id = ?", taskId);
            Map<String, Object> detail = new java.util.LinkedHashMap<>();
            detail.put("step", settled);
            detail.put("happened", happened);
            detail.put("reviewer", reviewer);
            TaskStore.appendEvent(s, taskId, "control", "RECONCILED", TaskStatus.AWAITING_RECONCILIATION, detail, node);
            parked.reopen(s, taskId, happened ? "a person confirmed the call happened" : "a person said the call did not happen",
                    TaskStatus.AWAITING_RECONCILIATION);
            return Reconciled.RESUMED;
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
                    + " ORDER BY respond_by LIMIT ? FOR UPDATE SKIP LOCKED", ApprovalRows::row, limit);
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
                    parked.reopen(s, a.taskId(), "timed out", TaskStatus.AWAITING_APPROVAL);
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
        return cancels.request(taskId, by, comment);
    }

    /** Who asked to cancel the task and why, when someone did. */
    public Optional<String> cancelRequest(String taskId) {
        return cancels.find(taskId);
    }
}
