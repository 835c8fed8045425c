package dev.kortana.processors.tools;

/**
 * A tool call that failed for a reason that may pass (a 503, a 429, a dropped connection); the pipeline retries it
 * with backoff. {@link #notDelivered()} tells the exactly-once machinery whether the call certainly had no effect.
 */
public class TransientToolFailure extends RuntimeException {

    private final boolean notDelivered;

    /** A failure whose outcome is unknown: the far side may have acted on the call. */
    public TransientToolFailure(String message) {
        this(message, false);
    }

    /**
     * @param notDelivered true only when the call certainly had no effect (nothing was connected to, or the far side
     *                     said it did not act: 429, 503); false when it may have (a 500, a timeout after sending)
     */
    public TransientToolFailure(String message, boolean notDelivered) {
        super(message);
        this.notDelivered = notDelivered;
    }

    public TransientToolFailure(String message, boolean notDelivered, Throwable cause) {
        super(message, cause);
        this.notDelivered = notDelivered;
    }

    /** Whether the call certainly had no effect, so repeating it cannot act twice. */
    public boolean notDelivered() {
        return notDelivered;
    }
}
