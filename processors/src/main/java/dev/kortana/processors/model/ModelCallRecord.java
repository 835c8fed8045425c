package dev.kortana.processors.model;

import java.math.BigDecimal;

/**
 * One attempt to call one model, as recorded in {@code model_calls} and in the gen_ai metrics.
 *
 * @param outcome {@code ok}, {@code error} or {@code refused} (circuit open, saturated, over budget)
 * @param costUsd what the attempt cost; for an answer lost after the provider may have billed, the reservation
 */
public record ModelCallRecord(String taskId, String tenant, String purpose, String model, String provider,
        String outcome, long tokensIn, long tokensOut, BigDecimal costUsd, long latencyMs, String error) {

    public boolean ok() {
        return "ok".equals(outcome);
    }
}
