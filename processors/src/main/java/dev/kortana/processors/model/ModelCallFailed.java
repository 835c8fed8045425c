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
     * Whether the failure says the model is unavailable, which is what its circuit breaker is for. Not a 413, 400 or 422
     * (this request's fault), not a 429 (the provider's rate limit, which its Retry-After handles: an open breaker
     * would turn waiting into a dead letter), not a {@link #misconfiguration()} (never retried; an open breaker would
     * turn a clear configuration error into a passing "circuit open").
     */
    public boolean countsAgainstModel() {
        return !(status == 413 || status == 429 || misconfiguration() || requestRejected());
    }

    /**
     * Whether the answer says the model is configured wrongly rather than busy or down: a rejected key (401, 403), an
     * unknown model or endpoint (404). No retry of the same call can succeed; the next model may.
     */
    public boolean misconfiguration() {
        return status == 401 || status == 403 || status == 404;
    }

    /**
     * Whether the provider refused this request as such (400, 422): too long, filtered, or a parameter or header the
     * model does not take. Not retried, and not the model's fault for everyone: it marks nothing and opens no breaker.
     */
    public boolean requestRejected() {
        return status == 400 || status == 422;
    }

    /** What to check for a {@link #misconfiguration()} or a {@link #requestRejected()}, or null for any other failure. */
    public String fix() {
        return switch (status) {
            case 401, 403 -> "check the model's API key: the variable its api-key-env names, and that the key may use this model";
            case 404 -> "check the model's name (model) and its endpoint in models.yaml against the provider's";
            case 400, 422 -> "the provider refused this request: it may be too long or filtered, or a parameter or header"
                    + " in models.yaml is one the model does not take";
            default -> null;
        };
    }

    /** Whether the provider may have charged for the call although no answer came back. */
    public boolean mayHaveBilled() {
        return mayHaveBilled;
    }
}
