package dev.kortana.processors.policy;

import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskConstraints;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.tools.ToolSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What REWRITE rules change, merged in rule order. Kor'tana applies it before the step or the model call runs.
 *
 * @param dataResidency     region the task's data must stay in from now on (lower case), or null to keep the task's own
 * @param maxCostUsd        a spending limit for the task; it only ever lowers the task's own, or null
 * @param requireCompliance compliance tags a model must all have to take the call (model decisions)
 * @param args              step arguments set or replaced (step decisions); values are immutable
 */
public record Rewrite(String dataResidency, BigDecimal maxCostUsd, List<String> requireCompliance,
        Map<String, Object> args) {

    /** Changes nothing. */
    public static final Rewrite NONE = new Rewrite(null, null, List.of(), Map.of());

    public Rewrite {
        dataResidency = dataResidency == null ? null : dataResidency.trim().toLowerCase(Locale.ROOT);
        if (maxCostUsd != null && maxCostUsd.signum() < 0) {
            throw new IllegalArgumentException("max-cost-usd must not be negative");
        }
        requireCompliance = requireCompliance == null ? List.of()
                : requireCompliance.stream().map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList();
        args = args == null || args.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    public boolean isEmpty() {
        return dataResidency == null && maxCostUsd == null && requireCompliance.isEmpty() && args.isEmpty();
    }

    /** The task's constraints with this rewrite: residency replaced, the cost limit lowered (never raised). */
    public TaskConstraints applyTo(TaskConstraints c) {
        if (dataResidency == null && maxCostUsd == null) {
            return c;
        }
        return new TaskConstraints(lower(c.maxCostUsd(), maxCostUsd), c.deadline(),
                dataResidency == null ? c.dataResidency() : dataResidency, c.allowedTools(), c.requireApproval());
    }

    /** The step with its arguments set or replaced by {@link #args}. */
    public PlanStep applyTo(PlanStep s) {
        if (args.isEmpty()) {
            return s;
        }
        Map<String, Object> merged = new LinkedHashMap<>(s.args());
        merged.putAll(args);
        return new PlanStep(s.tool(), merged, s.rationale(), s.dependsOn());
    }

    /** Whether {@code model} may take a call under this rewrite: every required tag, and the rewritten residency. */
    public boolean admits(ModelSpec model) {
        return model.compliance().containsAll(requireCompliance) && model.satisfies(dataResidency);
    }

    /** Whether {@code tool} may run under the rewritten residency; a tool without a region runs anywhere. */
    public boolean admits(ToolSpec tool) {
        return dataResidency == null || tool == null || tool.region() == null
                || tool.region().equalsIgnoreCase(dataResidency);
    }

    /** This rewrite followed by {@code later}: later values win, limits take the lower, tags add up. */
    Rewrite then(Rewrite later) {
        if (isEmpty()) {
            return later;
        }
        List<String> tags = new ArrayList<>(requireCompliance);
        tags.addAll(later.requireCompliance);
        Map<String, Object> merged = new LinkedHashMap<>(args);
        merged.putAll(later.args);
        return new Rewrite(later.dataResidency == null ? dataResidency : later.dataResidency,
                lower(maxCostUsd, later.maxCostUsd), tags, merged);
    }

    private static BigDecimal lower(BigDecimal current, BigDecimal proposed) {
        if (proposed == null) {
            return current;
        }
        return current == null || proposed.compareTo(current) < 0 ? proposed : current;
    }
}
