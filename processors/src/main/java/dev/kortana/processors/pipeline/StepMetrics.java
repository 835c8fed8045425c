package dev.kortana.processors.pipeline;

import java.math.BigDecimal;

/** Where each executed step is counted for its tool (see {@code ToolMetricsStore}); a failure here never fails the step. */
@FunctionalInterface
public interface StepMetrics {

    StepMetrics NONE = (tenant, tool, completed, durationMs, costUsd, errorClass) -> { };

    /** One call of {@code tool}: completed or not, its time and cost, and the class of its error (null when it completed). */
    void record(String tenant, String tool, boolean completed, long durationMs, BigDecimal costUsd, String errorClass);
}
