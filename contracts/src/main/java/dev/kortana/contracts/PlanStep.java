package dev.kortana.contracts;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a plan: a tool call with its arguments.
 * String arguments may refer to an earlier step's output as {@code {{steps.N.output}}}.
 *
 * @param tool      registered tool name, e.g. {@code memory.search}
 * @param args      tool arguments
 * @param rationale why the planner chose this step
 * @param dependsOn indexes of earlier steps whose output this step uses
 */
public record PlanStep(String tool, Map<String, Object> args, String rationale, List<Integer> dependsOn) {

    public PlanStep {
        Objects.requireNonNull(tool, "tool");
        if (tool.isBlank()) {
            throw new IllegalArgumentException("tool must not be blank");
        }
        args = args == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }
}
