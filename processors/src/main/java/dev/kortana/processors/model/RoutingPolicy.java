package dev.kortana.processors.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How the router ranks and retries, from the {@code routing:} section of {@code models.yaml}.
 *
 * @param strategies       ranking per purpose: {@code cheapest} (price, then measured latency), {@code fastest}
 *                         (measured latency, then price) or {@code ordered} (the order of models.yaml)
 * @param retries          extra attempts on one model after a 429, a 5xx or a timeout, before the next model
 * @param backoffMs        first wait between attempts, doubled each time
 * @param maxRetryAfterMs  longest {@code Retry-After} honoured; a longer one moves on to the next model at once
 * @param planRepairs      times an invalid plan is sent back with the validation errors before falling back
 * @param economyBelow     when less than this share of a budget is left, every purpose is ranked cheapest-first
 * @param budgetWaitMs     how long a call waits for money held by calls in flight before the stage is retried
 */
public record RoutingPolicy(
        Map<String, String> strategies,
        Integer retries,
        @JsonProperty("backoff-ms") Long backoffMs,
        @JsonProperty("max-retry-after-ms") Long maxRetryAfterMs,
        @JsonProperty("plan-repairs") Integer planRepairs,
        @JsonProperty("economy-below") Double economyBelow,
        @JsonProperty("budget-wait-ms") Long budgetWaitMs) {

    public static final Set<String> STRATEGIES = Set.of("cheapest", "fastest", "ordered");
    public static final RoutingPolicy DEFAULTS = new RoutingPolicy(null, null, null, null, null, null, null);

    public RoutingPolicy {
        strategies = strategies == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(strategies));
        retries = retries == null ? 1 : retries;
        backoffMs = backoffMs == null ? 250L : backoffMs;
        maxRetryAfterMs = maxRetryAfterMs == null ? 5_000L : maxRetryAfterMs;
        planRepairs = planRepairs == null ? 2 : planRepairs;
        economyBelow = economyBelow == null ? 0.2 : economyBelow;
        budgetWaitMs = budgetWaitMs == null ? 30_000L : budgetWaitMs;
    }

    /** A policy with the given retry and repair settings and defaults for the rest (tests, benchmarks). */
    public RoutingPolicy(Map<String, String> strategies, Integer retries, Long backoffMs, Long maxRetryAfterMs,
            Integer planRepairs, Double economyBelow) {
        this(strategies, retries, backoffMs, maxRetryAfterMs, planRepairs, economyBelow, null);
    }

    /**
     * The longest a task is put aside for a provider's {@code Retry-After} (above {@code max-retry-after-ms}, which the
     * router waits out in place): a longer one is an outage, and the task goes the way of any unavailable model
     * (redelivered, then a dead letter) instead of sleeping for hours on a header's word.
     */
    public java.time.Duration maxDefer() {
        return MAX_DEFER;
    }

    private static final java.time.Duration MAX_DEFER = java.time.Duration.ofMinutes(15);

    public String strategyFor(String purpose) {
        return strategies.getOrDefault(purpose, "cheapest");
    }
}
