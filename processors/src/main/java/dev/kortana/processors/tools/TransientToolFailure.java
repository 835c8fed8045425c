package dev.kortana.processors.tools;

/**
 * A tool call that failed for a reason that may pass (a 503, a 429, a refused connection); it is tried again per
 * the tool's retry policy. {@link #notDelivered()} says the request certainly had no effect, which lets a
 * non-idempotent call be tried again; otherwise its outcome is unknown and it goes to reconciliation.
 */
public class TransientToolFailure extends RuntimeException {

    private final boolean notDelivered;

    public TransientToolFailure(String message) {
        this(message, false);
    }

    public TransientToolFailure(String message, boolean notDelivered) {
        super(message);
        this.notDelivered = notDelivered;
    }

    public boolean notDelivered() {
        return notDelivered;
    }
}
