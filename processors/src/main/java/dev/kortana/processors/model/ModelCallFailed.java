package dev.kortana.processors.model;

import java.time.Duration;

/**
 * One call to one model did not produce an answer. The router decides from {@link #retryable()} whether to try the
 * same model again (after {@link #retryAfter()} when the provider said so) or to move down the ranked list.
 */
public class ModelCallFailed extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;
    private final boolean mayHaveBilled;

    public ModelCallFailed(String message, boolean retryable, Duration retryAfter, boolean mayHaveBilled) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.mayHaveBilled = mayHaveBilled;
    }

    /** A 429 or 5xx answer: retryable, nothing billed. */
    public static ModelCallFailed status(int status, String detail, Duration retryAfter) {
        boolean retryable = status == 429 || status == 408 || status >= 500;
        return new ModelCallFailed("HTTP " + status + (detail == null || detail.isBlank() ? "" : ": " + detail),
                retryable, retryAfter, false);
    }

    /** The model may have done the work (and billed it) but the answer did not arrive whole: timeout, cut-off body. */
    public static ModelCallFailed lostAnswer(String message) {
        return new ModelCallFailed(message, true, null, true);
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the provider asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether the provider may have charged for the call although no answer came back. */
    public boolean mayHaveBilled() {
        return mayHaveBilled;
    }
}
