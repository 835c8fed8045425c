package dev.kortana.processors.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.PolicyDecision;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.approval.Approval;
import dev.kortana.processors.approval.ApprovalRequest;
import dev.kortana.processors.approval.ArgsHash;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.policy.ApprovalTerms;
import dev.kortana.processors.policy.RateLimit;
import dev.kortana.processors.policy.RateLimited;
import dev.kortana.processors.policy.RateLimits;
import dev.kortana.processors.policy.Throttle;
import dev.kortana.processors.policy.Verdict;
import dev.kortana.processors.store.ApprovalStore;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.tools.StepArguments;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
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
    private final AuditTrail audit;
    private final Throttle throttle;
    private final Supplier<RateLimits> limits;
    private final Consumer<Approval> requested;
    private final Clock clock;

    public StepGate(ApprovalStore approvals, CheckpointStore checkpoints, AuditTrail audit, Throttle throttle,
            Supplier<RateLimits> limits, Consumer<Approval> requested, Clock clock) {
        this.approvals = approvals;
        this.checkpoints = checkpoints;
        this.audit = audit;
        this.throttle = throttle;
        this.limits = limits;
        this.requested = requested;
        this.clock = clock;
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
        Receipt receipt = null;
        if (verdict.decision().effect() == PolicyDecision.Effect.ESCALATE) {
            receipt = receipt(work, verdict, verdicts.version());
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
            record(run, "approval-used", work, receipt.argsHash(), Map.of("approval", receipt.approval().id(),
                    "reviewer", receipt.approval().reviewer()));
        }
        return true;
    }

    /** An approval that lets a step run with arguments hashing to {@code argsHash}. */
    private record Receipt(Approval approval, String argsHash) {}

    /**
     * Ends a task that was cancelled while it waited between runs (put aside for a rate limit); a task that has not
     * started yet (ACCEPTED) is checked by the policy stage, after planning, as every task is.
     */
    public void checkCancelledOnResume(TaskRun run) throws java.io.IOException {
        if (run.context().status() != TaskStatus.ACCEPTED) {
            checkCancelled(run);
        }
    }

    /** Ends the task before its next steps when a human asked to cancel it. */
    public void checkCancelled(TaskRun run) throws java.io.IOException {
        Optional<String> request = approvals.cancelRequest(run.taskId());
        if (request.isPresent()) {
            JsonNode who = Json.MAPPER.readTree(request.get());
            throw new PermanentFailure(TaskStatus.CANCELLED, "cancelled by " + who.path("by").asText()
                    + (who.hasNonNull("comment") ? ": " + who.path("comment").asText() : ""));
        }
    }

    /**
     * Ends the task before a round of steps when a person rejected one of its steps, or a request expired: checked once
     * per round, before its steps run side by side, so the task ends once and no other step asks again.
     */
    public void checkRejected(TaskRun run) {
        PlanVerdicts verdicts = run.verdicts();
        if (verdicts == null || !verdicts.escalatesAny()) {
            return; // nothing of this plan ever asked a person
        }
        Optional<Approval> refused = approvals.refusal(run.taskId());
        if (refused.isPresent()) {
            throw new PermanentFailure(TaskStatus.REJECTED, refusalOf(refused.get()));
        }
    }

    private static String refusalOf(Approval a) {
        return Approval.REJECTED.equals(a.status())
                ? "step " + a.stepIndex() + " (" + a.tool() + ") was rejected by " + a.reviewer() + (a.comment() == null ? "" : ": " + a.comment())
                : "nobody decided on step " + a.stepIndex() + " (" + a.tool() + ") before its approval timed out (rule " + a.ruleId() + ")";
    }

    /**
     * Parks a task whose steps wait for a decision. When the decision arrived in the meantime, the task stays here and
     * its steps are looked at again.
     */
    public void parkIfWaiting(TaskRun run) {
        if (!run.parked()) {
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

    /** The approval this escalated step may run on; null when it waits (a request is open, or was opened now). */
    private Receipt receipt(StepWork work, Verdict verdict, String version) {
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
                throw new PermanentFailure(TaskStatus.REJECTED, refusalOf(last));
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
