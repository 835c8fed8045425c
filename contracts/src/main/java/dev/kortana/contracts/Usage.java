package dev.kortana.contracts;

import java.math.BigDecimal;

/** Model usage accumulated by a task. */
public record Usage(long modelCalls, long tokensIn, long tokensOut, BigDecimal costUsd) {

    public static final Usage NONE = new Usage(0, 0, 0, BigDecimal.ZERO);

    public Usage {
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }

    public Usage plus(Usage other) {
        return new Usage(modelCalls + other.modelCalls, tokensIn + other.tokensIn, tokensOut + other.tokensOut,
                costUsd.add(other.costUsd));
    }

    public Usage plus(ModelResponse response) {
        return new Usage(modelCalls + 1, tokensIn + response.tokensIn(), tokensOut + response.tokensOut(),
                costUsd.add(response.costUsd()));
    }
}
