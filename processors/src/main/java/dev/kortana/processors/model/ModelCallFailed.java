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
    private final int status;

    public ModelCallFailed(String message, boolean retryable, Duration retryAfter, boolean mayHaveBilled) {
        this(message, retryable, retryAfter, mayHaveBilled, 0);
    }

    private ModelCallFailed(String message, boolean retryable, Duration retryAfter, boolean mayHaveBilled, int status) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.mayHaveBilled = mayHaveBilled;
        this.status = status;
    }

    /** An error answer: 429, 408 and 5xx are retryable; nothing is billed. */
    public static ModelCallFailed status(int status, String detail, Duration retryAfter) {
        boolean retryable = status == 429 || status == 408 || status >= 500;
        return new ModelCallFailed("HTTP " + status + (detail == null || detail.isBlank() ? "" : ": " + detail),
                retryable, retryAfter, false, status);
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

    /** The HTTP status of an error answer, or 0 when there was none. */
    public int status() {
        return status;
    }

    /**
     * Whether the failure says something about the model rather than about this one request: a 400, 404, 413 or 422
     * is the request's fault (too long, malformed) and must not open the model's circuit breaker for everyone.
     */
    public boolean countsAgainstModel() {
        return !(status == 400 || status == 404 || status == 413 || status == 422);
    }

    /** Whether the provider may have charged for the call although no answer came back. */
    public boolean mayHaveBilled() {
        return mayHaveBilled;
    }
}
