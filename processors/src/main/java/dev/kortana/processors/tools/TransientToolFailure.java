package dev.kortana.processors.tools;

import java.time.Duration;

/**
 * A tool call that failed for a reason that may pass (a 503, a 429, a dropped connection); the pipeline retries it
 * with backoff. {@link #notDelivered()} tells the exactly-once machinery whether the call certainly had no effect;
 * {@link #unavailable()} whether the tool itself is down or overloaded (refused connection, 429, 502, 503, 504), so
 * that a task is put aside until it is back instead of being given up.
 */
public class TransientToolFailure extends RuntimeException {

    private final boolean notDelivered;
    private final boolean unavailable;
    private final transient Duration retryAfter;

    /** A failure whose outcome is unknown: the far side may have acted on the call. */
    public TransientToolFailure(String message) {
        this(message, false);
    }

    /**
     * @param notDelivered true only when the call certainly had no effect (nothing was connected to, or the far side
     *                     said it did not act: 429, 503); false when it may have (a 500, a timeout after sending)
     */
    public TransientToolFailure(String message, boolean notDelivered) {
        this(message, notDelivered, null);
    }

    public TransientToolFailure(String message, boolean notDelivered, Throwable cause) {
        this(message, notDelivered, false, null, cause);
    }

    private TransientToolFailure(String message, boolean notDelivered, boolean unavailable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.notDelivered = notDelivered;
        this.unavailable = unavailable;
        this.retryAfter = retryAfter;
    }

    /**
     * The tool is down or overloaded: nothing answered, or it said so (429, 502, 503, 504).
     *
     * @param retryAfter when the tool asked to be called again ({@code Retry-After}), or null
     */
    public static TransientToolFailure unavailable(String message, boolean notDelivered, Duration retryAfter, Throwable cause) {
        return new TransientToolFailure(message, notDelivered, true, retryAfter, cause);
    }

    /** Whether the call certainly had no effect, so repeating it cannot act twice. */
    public boolean notDelivered() {
        return notDelivered;
    }

    /** Whether the tool is down or overloaded (rather than one call having gone wrong). */
    public boolean unavailable() {
        return unavailable;
    }

    /** When the tool asked to be called again, or null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
