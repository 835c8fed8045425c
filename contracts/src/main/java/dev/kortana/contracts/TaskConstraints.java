package dev.kortana.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Limits a submitter puts on one task.
 *
 * @param maxCostUsd      most the task may spend on model calls, or null for no task limit
 * @param deadline        when the task must be finished, or null
 * @param dataResidency   region the task's data must stay in (e.g. {@code eu}), or null
 * @param allowedTools    tools this task may use; null means every tool the configuration allows
 * @param requireApproval whether a human must approve before any step runs
 */
public record TaskConstraints(
        BigDecimal maxCostUsd,
        Instant deadline,
        String dataResidency,
        List<String> allowedTools,
        boolean requireApproval) {

    public static final TaskConstraints NONE = new TaskConstraints(null, null, null, null, false);

    public TaskConstraints {
        if (maxCostUsd != null && maxCostUsd.signum() < 0) {
            throw new IllegalArgumentException("maxCostUsd must not be negative");
        }
        allowedTools = allowedTools == null ? null : List.copyOf(allowedTools);
    }

    /** Whether this task's own allowlist lets it use {@code tool}. */
    public boolean allows(String tool) {
        return allowedTools == null || allowedTools.contains(tool);
    }
}
