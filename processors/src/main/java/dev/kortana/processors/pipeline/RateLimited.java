package dev.kortana.processors.pipeline;

import java.time.Duration;

/** A shared rate limit has no token left; transient, so the route retries it with backoff and then dead-letters it. */
public class RateLimited extends RuntimeException {

    private final transient Duration retryAfter;

    public RateLimited(String message, Duration retryAfter) {
        super(message + (retryAfter == null ? "; it does not refill" : "; next token in " + retryAfter.toMillis() + " ms"));
        this.retryAfter = retryAfter;
    }

    /** When the next token is due, or null when the bucket never refills. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
