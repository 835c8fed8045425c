package dev.kortana.processors.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Circuit breaker settings shared by every model, from the {@code breaker:} section of {@code models.yaml}. A model's
 * breaker opens when {@code failureRatePercent} of its last {@code window} calls failed (after at least
 * {@code minimumCalls}), refuses calls for {@code cooldownMs}, then lets a few through to see if it recovered.
 */
public record BreakerSettings(
        @JsonProperty("failure-rate-percent") Integer failureRatePercent,
        @JsonProperty("minimum-calls") Integer minimumCalls,
        Integer window,
        @JsonProperty("cooldown-ms") Long cooldownMs,
        @JsonProperty("half-open-calls") Integer halfOpenCalls) {

    public static final BreakerSettings DEFAULTS = new BreakerSettings(null, null, null, null, null);

    public BreakerSettings {
        failureRatePercent = failureRatePercent == null ? 50 : failureRatePercent;
        minimumCalls = minimumCalls == null ? 5 : minimumCalls;
        window = window == null ? 20 : window;
        cooldownMs = cooldownMs == null ? 30_000L : cooldownMs;
        halfOpenCalls = halfOpenCalls == null ? 2 : halfOpenCalls;
    }
}
