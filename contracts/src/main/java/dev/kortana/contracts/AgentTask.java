package dev.kortana.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A unit of work submitted to Kor'tana. Its JSON form is described by {@code schemas/agent-task.schema.json},
 * which every ingestion channel checks before the task is accepted.
 *
 * @param id          caller's idempotency key; when absent the channel derives one
 * @param goal        what the agent should achieve, in plain language
 * @param tenant      owner of the task
 * @param inputs      free-form data for the task
 * @param constraints limits on cost, time, residency and tools
 * @param plan        explicit steps; when present, decomposition is skipped
 */
public record AgentTask(
        String id,
        String goal,
        String tenant,
        Map<String, Object> inputs,
        TaskConstraints constraints,
        List<PlanStep> plan) {

    public static final String DEFAULT_TENANT = "default";

    public AgentTask {
        Objects.requireNonNull(goal, "goal");
        if (goal.isBlank()) {
            throw new IllegalArgumentException("goal must not be blank");
        }
        tenant = tenant == null ? DEFAULT_TENANT : tenant;
        inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        constraints = constraints == null ? TaskConstraints.NONE : constraints;
        plan = plan == null ? null : List.copyOf(plan);
    }

    /** The same task under another id. */
    public AgentTask withId(String newId) {
        return new AgentTask(newId, goal, tenant, inputs, constraints, plan);
    }
}
