package dev.kortana.processors.policy;

import java.time.Duration;

/**
 * A shared rate limit has no token left and waiting in place would take too long. The pipeline puts the task aside
 * until the next token is due (it does not fail, and it is not retried at once): see {@code TaskDeferrals}.
 */
public class RateLimited extends RuntimeException {

    private final transient Duration retryAfter;

    public RateLimited(String message, Duration retryAfter) {
        super(message + "; next token in " + retryAfter.toMillis() + " ms");
        this.retryAfter = retryAfter;
    }

    /** When the next token is due. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
