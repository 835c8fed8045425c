package dev.kortana.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A call to a language model, routed to a provider by the model router.
 *
 * @param purpose what the call is for: {@code plan}, {@code summarize} or {@code reflect}
 * @param taskId  the task the call serves, for tracing and budgets
 * @param prompt  instruction text
 * @param input   structured input (goal, tool catalog, text to summarise…)
 */
public record ModelRequest(String purpose, String taskId, String prompt, JsonNode input) {

    public ModelRequest {
        Objects.requireNonNull(purpose, "purpose");
    }
}
