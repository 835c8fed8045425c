package dev.kortana.processors.pipeline;

import dev.kortana.contracts.PolicyDecision;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.approval.Approval;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.policy.RateLimit;
import dev.kortana.processors.policy.RateLimited;
import dev.kortana.processors.policy.RateLimits;
import dev.kortana.processors.policy.Throttle;
import dev.kortana.processors.policy.Verdict;
import dev.kortana.processors.store.ApprovalStore;
import dev.kortana.processors.store.CheckpointStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The last check before a step runs, used as a Camel filter in the execute route. A step the policy escalated runs only
 * with an approval receipt for its exact arguments (hashed after {@code {{steps.N.output}}} references are resolved)
 * under the policy version that escalated it, before the receipt expires; otherwise a request is opened and the task
 * parks. A step of a rate-limited tool takes a token from the tool's shared bucket first.
 */
public class StepGate {

    private final ApprovalStore approvals;
    private final CheckpointStore checkpoints;
    private final Throttle throttle;
    private final Supplier<RateLimits> limits;
    private final ApprovalReceipts receipts;
    private final StopChecks stops;

    public StepGate(ApprovalStore approvals, CheckpointStore checkpoints, AuditTrail audit, Throttle throttle,
            Supplier<RateLimits> limits, Consumer<Approval> requested, Clock clock) {
        this.approvals = approvals;
        this.checkpoints = checkpoints;
        this.throttle = throttle;
        this.limits = limits;
        this.receipts = new ApprovalReceipts(approvals, checkpoints, audit, requested, clock);
        this.stops = new StopChecks(approvals);
    }

    /**
     * True when the step may run now; false when it waits for a human (the task parks after this round). A used-up tool
     * rate limit is waited for here when its next token is near, and otherwise throws {@link RateLimited}.
     */
    public boolean admit(StepWork work) throws InterruptedException {
        TaskRun run = work.run();
        if (run.halted()) {
            return false; // a step of this round failed: start nothing more (a throttled sibling does not stop this one)
        }
        PlanVerdicts verdicts = run.verdicts();
        Verdict verdict = verdicts.of(work.index());
        ApprovalReceipts.Receipt receipt = null;
        if (verdict.decision().effect() == PolicyDecision.Effect.ESCALATE) {
            receipt = receipts.receipt(work, verdict, verdicts.version());
            if (receipt == null) {
                run.awaitApproval(work.index());
                return false;
            }
        }
        takeToken(work.step().tool());
        if (run.halted()) {
            return false; // a sibling failed while this step waited for its token: the task has ended
        }
        if (receipt != null) { // recorded only now that the step really runs on it
            receipts.used(work, receipt);
        }
        return true;
    }

    /**
     * Ends a task that was cancelled while it waited between runs (put aside for a rate limit); a task that has not
     * started yet (ACCEPTED) is checked by the policy stage, after planning, as every task is.
     */
    public void checkCancelledOnResume(TaskRun run) throws java.io.IOException {
        if (!run.unstarted()) {
            checkCancelled(run);
        }
    }

    /** Ends the task before its next steps when a human asked to cancel it. */
    public void checkCancelled(TaskRun run) throws java.io.IOException {
        stops.checkCancelled(run);
    }

    /**
     * Ends the task before a round of steps when a person rejected one of its steps, or a request expired: checked once
     * per round, before its steps run side by side, so the task ends once and no other step asks again.
     */
    public void checkRejected(TaskRun run) {
        stops.checkRejected(run);
    }

    /**
     * Parks a task whose steps wait for a decision: a call whose outcome nobody could find out parks it
     * AWAITING_RECONCILIATION, an escalated step AWAITING_APPROVAL. When an approval arrived in the meantime, the task
     * stays here and its steps are looked at again.
     */
    public void parkIfWaiting(TaskRun run) {
        if (!run.parked()) {
            return;
        }
        checkpoints.writeDeferred(run.taskId()); // what led here is written while this worker still holds the task
        if (!run.reconciling().isEmpty()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("steps", List.copyOf(run.reconciling().keySet()));
            detail.put("reason", run.reconciling().values().iterator().next());
            if (!approvals.parkForReconciliation(run.taskId(), "RECONCILIATION_NEEDED: "
                    + run.reconciling().values().iterator().next(), detail)) {
                run.resumeWaiting(); // a cancel came meanwhile: the next round's check ends the task
            }
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("steps", run.waitingSteps());
        String reason = "waiting for approval of step" + (run.waitingSteps().size() > 1 ? "s " : " ") + run.waitingSteps()
                + "; decide with POST /api/approvals/" + run.taskId() + " or ./kortana approve " + run.taskId();
        if (!approvals.park(run.taskId(), reason, detail)) {
            run.resumeWaiting();
        }
    }

    /**
     * Whether the pipeline goes on after execution: false when the task is parked for a human decision, waits for a
     * token, or ended (a step failed).
     */
    public boolean proceeds(TaskRun run) {
        return !run.stopped();
    }

    private void takeToken(String tool) throws InterruptedException {
        RateLimits all = limits.get();
        Optional<RateLimit> limit = all.forTool(tool); // its own bucket, or one sized by rate-limits.tool.default
        if (limit.isEmpty()) {
            return;
        }
        Optional<Duration> wait = throttle.take("tool:" + tool, limit.get());
        if (wait.isPresent()) {
            String entry = all.tool().containsKey(tool) ? tool : RateLimits.DEFAULT;
            throw new RateLimited("tool " + tool + " reached its rate limit (policies.yaml rate-limits.tool." + entry + ": "
                    + limit.get().capacity() + " calls, " + limit.get().perSecond() + "/s)", wait.get());
        }
    }
}
