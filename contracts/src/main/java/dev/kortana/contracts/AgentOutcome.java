package dev.kortana.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The published result of a task, on the channel it came from.
 *
 * @param taskId             the task
 * @param status             COMPLETED, FAILED or REJECTED
 * @param goal               the task's goal, for readers of the outcome alone
 * @param result             the final answer (output of the last step), null when not completed
 * @param reason             why the task did not complete, null when it did
 * @param steps              every executed step
 * @param reflection         what the agent learned from the run
 * @param usage              model usage and cost
 * @param humanInterventions approvals or overrides needed
 * @param finishedAt         when the outcome was recorded
 */
public record AgentOutcome(
        String taskId,
        TaskStatus status,
        String goal,
        String result,
        String reason,
        List<StepResult> steps,
        String reflection,
        Usage usage,
        int humanInterventions,
        Instant finishedAt) {

    public AgentOutcome {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("an outcome needs a terminal status, not " + status);
        }
        steps = steps == null ? List.of() : List.copyOf(steps);
        usage = usage == null ? Usage.NONE : usage;
    }

    /** The same outcome with the number of human actions the task had. */
    public AgentOutcome withHumanInterventions(int count) {
        return new AgentOutcome(taskId, status, goal, result, reason, steps, reflection, usage, count, finishedAt);
    }

    /** The same outcome naming the task by another id, e.g. the caller's id instead of the stored key. */
    public AgentOutcome withTaskId(String id) {
        return new AgentOutcome(id, status, goal, result, reason, steps, reflection, usage, humanInterventions, finishedAt);
    }

    public BigDecimal costUsd() {
        return usage.costUsd();
    }
}
