package dev.kortana.processors.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tool as declared in {@code tools.yaml}.
 *
 * @param name        unique name, e.g. {@code memory.search}
 * @param kind        how it runs: {@code memory}, {@code model}, {@code file}, {@code http}
 * @param description what it does; the offline planner matches goals against it
 * @param keywords    extra words that should select it
 * @param phase       where it sits in a plan: {@code gather}, {@code transform} or {@code emit}
 * @param requires    what the goal must contain for the tool to be planned ({@code url}), or null
 * @param planArgs    argument template used by the offline planner
 * @param safety      safety tags, e.g. {@code external-network}, {@code writes-data}
 * @param idempotent  whether repeating a call is harmless
 */
public record ToolSpec(
        String name,
        String kind,
        String description,
        List<String> keywords,
        String phase,
        String requires,
        @JsonProperty("plan-args") Map<String, Object> planArgs,
        List<String> safety,
        boolean idempotent) {

    public static final List<String> PHASES = List.of("gather", "transform", "emit");

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind of " + name);
        Objects.requireNonNull(description, "description of " + name);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        phase = phase == null ? "transform" : phase;
        if (!PHASES.contains(phase)) {
            throw new IllegalArgumentException("tool " + name + ": phase '" + phase + "' is not one of " + PHASES);
        }
        planArgs = planArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(planArgs));
        safety = safety == null ? List.of() : List.copyOf(safety);
    }

    public int phaseOrder() {
        return PHASES.indexOf(phase);
    }
}
