package dev.kortana.processors.policy;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PlanStep;
import dev.kortana.processors.tools.ToolSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link PolicyBook#decideStep} knows about one planned step.
 *
 * @param task            the task the step belongs to (tenant, goal and constraints are matched)
 * @param stepIndex       the step's position in the plan; copied into the decision
 * @param step            the step itself (tool name and arguments)
 * @param tool            the registered tool, or null when it is unknown (then only {@code tool.name} can match)
 * @param costEstimateUsd what the step is expected to cost, or null when unknown ({@code cost} rules never match)
 * @param now             the moment of the decision, for {@code time} rules
 */
public record StepFacts(AgentTask task, int stepIndex, PlanStep step, ToolSpec tool, BigDecimal costEstimateUsd,
        Instant now) {

    public StepFacts {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(now, "now");
    }
}
