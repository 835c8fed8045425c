package dev.kortana.processors.tools;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a tool call that failed for a passing reason (a 503, a refused connection) is tried again, on the same
 * worker, before the step is given up and dead-lettered. The pause doubles after each try.
 *
 * @param maxAttempts tries in all, including the first
 * @param backoffMs   pause before the second try
 */
public record ToolRetry(@JsonProperty("max-attempts") int maxAttempts, @JsonProperty("backoff-ms") long backoffMs) {

    public static final ToolRetry DEFAULT = new ToolRetry(3, 200);

    public ToolRetry {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("retry.max-attempts must be from 1 to 20, not " + maxAttempts);
        }
        if (backoffMs < 0 || backoffMs > 60_000) {
            throw new IllegalArgumentException("retry.backoff-ms must be from 0 to 60000, not " + backoffMs);
        }
    }

    /** The pause before try {@code attempt} (2, 3…). */
    public long pauseBefore(int attempt) {
        return backoffMs << Math.min(attempt - 2, 10);
    }
}
