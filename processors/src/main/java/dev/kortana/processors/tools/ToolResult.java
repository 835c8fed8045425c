package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Usage;

/**
 * What a tool returned. By convention {@code output.text} is the result as text, which later steps can use
 * through {@code {{steps.N.output}}}.
 *
 * @param output the result
 * @param usage  model usage the call caused
 */
public record ToolResult(JsonNode output, Usage usage) {

    public ToolResult {
        usage = usage == null ? Usage.NONE : usage;
    }
}
