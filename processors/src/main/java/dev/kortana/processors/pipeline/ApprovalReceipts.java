package dev.kortana.processors.pipeline;

import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.approval.Approval;
import dev.kortana.processors.approval.ApprovalRequest;
import dev.kortana.processors.approval.ArgsHash;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.policy.ApprovalTerms;
import dev.kortana.processors.policy.Verdict;
import dev.kortana.processors.store.ApprovalStore;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.tools.StepArguments;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Finds the approval an escalated step may run on, or asks a person for one, and records either in task and audit. */
final class ApprovalReceipts {

    /** An approval that lets a step run with arguments hashing to {@code argsHash}. */
    record Receipt(Approval approval, String argsHash) {}

    private final ApprovalStore approvals;
    private final CheckpointStore checkpoints;
    private final AuditTrail audit;
    private final Consumer<Approval> requested;
    private final Clock clock;

    ApprovalReceipts(ApprovalStore approvals, CheckpointStore checkpoints, AuditTrail audit, Consumer<Approval> requested,
            Clock clock) {
        this.approvals = approvals;
        this.checkpoints = checkpoints;
        this.audit = audit;
        this.requested = requested;
        this.clock = clock;
    }

    /** The approval this escalated step may run on; null when it waits (a request is open, or was opened now). */
    Receipt receipt(StepWork work, Verdict verdict, String version) {
        TaskRun run = work.run();
        PlanStep step = work.step();
        Map<String, Object> args = StepArguments.resolve(step.args(), run.context(), work.index());
        String hash = ArgsHash.of(step.tool(), args);
        Optional<Approval> latest = approvals.latest(run.taskId(), work.index());
        String why = null;
        if (latest.isPresent()) {
            Approval last = latest.get();
            if (last.admits(hash, version, clock.instant())) {
                return new Receipt(last, hash);
            }
            boolean same = last.argsHash().equals(hash) && last.policyVersion().equals(version);
            if (same && last.pending()) {
                return null;
            }
            // A person's no, or nobody's answer in time, is final for the step: a new policy version or a re-plan does not ask again.
            if (Approval.REJECTED.equals(last.status()) || Approval.EXPIRED.equals(last.status())) {
                throw new PermanentFailure(TaskStatus.REJECTED, StopChecks.refusalOf(last));
            }
            why = !last.argsHash().equals(hash) ? "the step's arguments changed after approval #" + last.id()
                    : !last.policyVersion().equals(version) ? "the policy changed from " + last.policyVersion() + " to " + version
                    : "approval #" + last.id() + " expired at " + last.expiresAt();
        }
        ApprovalTerms terms = verdict.approval();
        Approval request = approvals.request(new ApprovalRequest(run.taskId(), run.context().task().tenant(), work.index(),
                step.tool(), args, hash, version, verdict.decision().ruleId(), verdict.decision().reason(), terms.role(),
                terms.timeout(), terms.onTimeout().name(), terms.escalateTo(), terms.validFor()),
                latest.filter(a -> a.pending() || Approval.APPROVED.equals(a.status())).map(Approval::id).orElse(null), why);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("approval", request.id());
        detail.put("rule", request.ruleId());
        detail.put("role", request.role());
        detail.put("respondBy", request.respondBy().toString());
        if (why != null) {
            detail.put("replaces", why);
        }
        record(run, "approval-requested", work, hash, detail);
        requested.accept(request);
        return null;
    }

    /** Records that the step runs on {@code receipt}. */
    void used(StepWork work, Receipt receipt) {
        record(work.run(), "approval-used", work, receipt.argsHash(), Map.of("approval", receipt.approval().id(),
                "reviewer", receipt.approval().reviewer()));
    }

    private void record(TaskRun run, String kind, StepWork work, String hash, Map<String, Object> more) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("step", work.index());
        detail.put("tool", work.step().tool());
        detail.put("argsHash", hash);
        detail.putAll(more);
        String event = kind.equals("approval-used") ? "APPROVAL_USED" : "APPROVAL_REQUESTED";
        checkpoints.event(run.taskId(), "approval", event, TaskStatus.EXECUTING, detail);
        // Durable before the step runs on the approval (or before the task parks for one): a crash cannot lose it.
        audit.append(kind, run.taskId(), "policy", detail);
    }
}
