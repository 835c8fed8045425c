package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.PolicyDecision;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.policy.PolicyBook;
import dev.kortana.processors.policy.PolicyFilter;
import dev.kortana.processors.policy.PolicySource;
import dev.kortana.processors.policy.StepFacts;
import dev.kortana.processors.policy.Verdict;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.tools.ToolLookup;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decides every planned step before any step runs: first the built-in safety checks ({@link PolicyFilter}), then the
 * rules of policies.yaml in order. One denied step rejects the task; rewritten arguments are stored in the plan;
 * escalated steps are left for the step gate, which holds them until a human approves. Every decision is audited.
 */
public class PolicyStage {

    private final PolicyFilter builtIns;
    private final PolicySource policies;
    private final ToolLookup tools;
    private final CheckpointStore checkpoints;
    private final AuditTrail audit;
    private final StepGate gate;
    private final Clock clock;

    public PolicyStage(PolicyFilter builtIns, PolicySource policies, ToolLookup tools, CheckpointStore checkpoints,
            AuditTrail audit, StepGate gate, Clock clock) {
        this.builtIns = builtIns;
        this.policies = policies;
        this.tools = tools;
        this.checkpoints = checkpoints;
        this.audit = audit;
        this.gate = gate;
        this.clock = clock;
    }

    public void check(TaskRun run) throws java.io.IOException {
        gate.checkCancelled(run);
        PolicyBook book = policies.current();
        AgentTask task = run.context().task();
        List<PlanStep> plan = run.context().plan();
        List<PlanStep> decided = new ArrayList<>(plan);
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Verdict verdict = decide(book, task, plan.get(i), i);
            verdicts.add(verdict);
            if (verdict.rewrite().args() != null && !verdict.rewrite().args().isEmpty()) {
                decided.set(i, verdict.rewrite().applyTo(plan.get(i)));
            }
            auditDecision(run, book, plan.get(i), verdict);
        }
        if (!decided.equals(plan)) {
            checkpoints.savePlan(run.taskId(), decided, "policy " + book.version());
            run.update(c -> c.withPlan(decided));
        }
        List<PolicyDecision> decisions = verdicts.stream().map(Verdict::decision).toList();
        run.update(c -> c.withDecisions(decisions));
        run.verdicts(new PlanVerdicts(book.version(), verdicts));
        List<PolicyDecision> denied = decisions.stream().filter(PolicyDecision::denies).toList();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("policyVersion", book.version());
        detail.put("allowed", decisions.stream().filter(d -> d.effect() != PolicyDecision.Effect.DENY
                && d.effect() != PolicyDecision.Effect.ESCALATE).count());
        detail.put("escalated", decisions.stream().filter(d -> d.effect() == PolicyDecision.Effect.ESCALATE)
                .map(PolicyDecision::stepIndex).toList());
        detail.put("denied", denied);
        // Execution, or the failure, writes next: the verdict goes into that transaction.
        checkpoints.eventWithNextWrite(run.taskId(), "policy", denied.isEmpty() ? "POLICY_ALLOWED" : "POLICY_DENIED",
                run.context().status(), detail);
        if (!denied.isEmpty()) {
            throw new PermanentFailure(TaskStatus.REJECTED, denied.stream()
                    .map(d -> "step " + d.stepIndex() + " denied by " + d.ruleId() + ": " + d.reason())
                    .collect(Collectors.joining("; ")));
        }
    }

    /** The built-in checks (on the step as the rules rewrite it) take precedence over the rules. */
    public Verdict decide(PolicyBook book, AgentTask task, PlanStep step, int index) {
        Verdict verdict = book.decideStep(new StepFacts(task, index, step, tools.find(step.tool()).orElse(null), null,
                clock.instant()));
        PolicyDecision builtIn = builtIns.check(task, verdict.rewrite().applyTo(step), index);
        return builtIn.denies() ? new Verdict(builtIn, verdict.rewrite(), null, verdict.rewrittenBy()) : verdict;
    }

    private void auditDecision(TaskRun run, PolicyBook book, PlanStep step, Verdict verdict) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("step", verdict.decision().stepIndex());
        detail.put("tool", step.tool());
        detail.put("effect", verdict.decision().effect().name());
        detail.put("rule", verdict.decision().ruleId());
        detail.put("reason", verdict.decision().reason());
        detail.put("policyVersion", book.version());
        if (!verdict.rewrittenBy().isEmpty()) {
            detail.put("rewrittenBy", verdict.rewrittenBy());
        }
        audit.record("policy-decision", run.taskId(), "policy", detail);
    }
}
