package dev.kortana.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A call to a language model, routed to a provider by the model router.
 *
 * @param purpose     what the call is for: {@code plan}, {@code summarize} or {@code reflect}; the router only
 *                    considers models with that capability
 * @param taskId      the task the call serves, for tracing and budgets
 * @param tenant      the task's tenant, whose daily ceiling the call counts against
 * @param constraints the task's constraints: {@code dataResidency} limits where the call may go, {@code maxCostUsd}
 *                    how much the task may spend
 * @param prompt      instruction text
 * @param input       structured input (goal, tool catalog, text to summarise…)
 */
public record ModelRequest(String purpose, String taskId, String tenant, TaskConstraints constraints, String prompt,
        JsonNode input) {

    public ModelRequest {
        Objects.requireNonNull(purpose, "purpose");
        tenant = tenant == null || tenant.isBlank() ? AgentTask.DEFAULT_TENANT : tenant;
        constraints = constraints == null ? TaskConstraints.NONE : constraints;
    }

    /** A call outside any tenant's limits (tests, tools without a task). */
    public ModelRequest(String purpose, String taskId, String prompt, JsonNode input) {
        this(purpose, taskId, null, null, prompt, input);
    }

    /** A call on behalf of {@code task}, bound by its tenant and constraints. */
    public static ModelRequest forTask(String purpose, AgentTask task, String prompt, JsonNode input) {
        return new ModelRequest(purpose, task.id(), task.tenant(), task.constraints(), prompt, input);
    }

    /** The same call with another prompt and input (a repair turn keeps the task's limits). */
    public ModelRequest withPrompt(String newPrompt, JsonNode newInput) {
        return new ModelRequest(purpose, taskId, tenant, constraints, newPrompt, newInput);
    }
}
