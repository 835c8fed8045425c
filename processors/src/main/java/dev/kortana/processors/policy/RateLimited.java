package dev.kortana.processors.policy;

import java.time.Duration;

/**
 * A shared rate limit has no token left and waiting in place would take too long. The pipeline puts the task aside
 * until the next token is due (it does not fail, and it is not retried at once): see {@code TaskDeferrals}.
 */
public class RateLimited extends RuntimeException {

    private final transient Duration retryAfter;

    public RateLimited(String message, Duration retryAfter) {
        this(retryAfter, message + "; next token in " + retryAfter.toMillis() + " ms");
    }

    /** For a wait that is not for a token: the message says what the task waits for, and until when. */
    protected RateLimited(Duration retryAfter, String message) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The task event recorded when the task is put aside for this. */
    public String eventName() {
        return "THROTTLED";
    }

    /** When the next token is due. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
