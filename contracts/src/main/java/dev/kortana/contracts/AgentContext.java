package dev.kortana.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the pipeline knows about a task while it runs; each stage returns a new context.
 * Loaded from the store when a task starts or resumes, so it reflects every checkpoint so far.
 *
 * @param task      the accepted task (always with its id)
 * @param source    where it came from
 * @param status    current lifecycle status
 * @param plan      the plan, null until decomposition has run
 * @param decisions policy decisions for the plan
 * @param steps     checkpoints of completed (or failed) steps, by index
 * @param usage     model usage so far
 * @param outcome   the outcome, once recorded
 */
public record AgentContext(
        AgentTask task,
        TaskSource source,
        TaskStatus status,
        List<PlanStep> plan,
        List<PolicyDecision> decisions,
        List<StepResult> steps,
        Usage usage,
        AgentOutcome outcome) {

    public AgentContext {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(task.id(), "task.id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        plan = plan == null ? null : List.copyOf(plan);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
        steps = steps == null ? List.of() : List.copyOf(steps);
        usage = usage == null ? Usage.NONE : usage;
    }

    public String taskId() {
        return task.id();
    }

    public AgentContext withStatus(TaskStatus newStatus) {
        return new AgentContext(task, source, newStatus, plan, decisions, steps, usage, outcome);
    }

    public AgentContext withPlan(List<PlanStep> newPlan) {
        return new AgentContext(task, source, status, newPlan, decisions, steps, usage, outcome);
    }

    public AgentContext withDecisions(List<PolicyDecision> newDecisions) {
        return new AgentContext(task, source, status, plan, newDecisions, steps, usage, outcome);
    }

    public AgentContext withStep(StepResult step) {
        List<StepResult> next = new ArrayList<>(steps);
        next.add(step);
        return new AgentContext(task, source, status, plan, decisions, next, usage, outcome);
    }

    public AgentContext withUsage(Usage newUsage) {
        return new AgentContext(task, source, status, plan, decisions, steps, newUsage, outcome);
    }

    public AgentContext withOutcome(AgentOutcome newOutcome) {
        return new AgentContext(task, source, newOutcome.status(), plan, decisions, steps, usage, newOutcome);
    }

    /** Whether step {@code index} already has a completed checkpoint. */
    public boolean isStepCompleted(int index) {
        return steps.stream().anyMatch(s -> s.index() == index && s.completed());
    }
}
