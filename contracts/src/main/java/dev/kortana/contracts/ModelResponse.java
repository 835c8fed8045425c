package dev.kortana.contracts;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A model's answer and what it cost.
 *
 * @param provider  provider that answered (e.g. {@code offline})
 * @param model     model name
 * @param text      the answer
 * @param tokensIn  prompt tokens
 * @param tokensOut completion tokens
 * @param costUsd   cost of the call
 * @param latencyMs time the call took
 */
public record ModelResponse(
        String provider, String model, String text, long tokensIn, long tokensOut, BigDecimal costUsd, long latencyMs) {

    public ModelResponse {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(text, "text");
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }
}
