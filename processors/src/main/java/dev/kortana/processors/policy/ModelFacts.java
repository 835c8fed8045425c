package dev.kortana.processors.policy;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.TaskConstraints;
import dev.kortana.processors.model.ModelSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link PolicyBook#decideModel} knows about one candidate model for one model call.
 *
 * @param taskId          the task the call serves, or null
 * @param tenant          the task's tenant; null means {@link AgentTask#DEFAULT_TENANT}
 * @param constraints     the task's constraints; null means none
 * @param purpose         what the call is for: {@code plan}, {@code reflect}, {@code summarize} or {@code tool}
 * @param model           the candidate model; null when the request as a whole is decided (its rewrite)
 * @param costEstimateUsd what the call is expected to cost (e.g. its worst case), or null when unknown
 * @param now             the moment of the decision, for {@code time} rules
 */
public record ModelFacts(String taskId, String tenant, TaskConstraints constraints, String purpose, ModelSpec model,
        BigDecimal costEstimateUsd, Instant now) {

    public ModelFacts {
        tenant = tenant == null || tenant.isBlank() ? AgentTask.DEFAULT_TENANT : tenant;
        constraints = constraints == null ? TaskConstraints.NONE : constraints;
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(now, "now");
    }

    /** The facts of {@code request} sent to {@code model}. */
    public static ModelFacts of(ModelRequest request, ModelSpec model, BigDecimal costEstimateUsd, Instant now) {
        return new ModelFacts(request.taskId(), request.tenant(), request.constraints(), request.purpose(), model,
                costEstimateUsd, now);
    }
}
