package dev.kortana.processors.policy;

import java.time.Duration;
import java.util.Optional;

/**
 * Takes tokens from shared buckets for calls that must not be refused for a short wait: when the bucket is empty and
 * its next token is due within {@code maxWait}, the caller waits for it here and tries again; a longer wait is handed
 * back, and the caller puts the task aside ({@link RateLimited}).
 */
public final class Throttle {

    /** Waits; a seam so unit tests need no clock. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration wait) throws InterruptedException;
    }

    // A bucket refilled by another instance between our looks could be missed by a wait computed to the nanosecond.
    private static final Duration MARGIN = Duration.ofMillis(5);

    private final RateLimiter limiter;
    private final Duration maxWait;
    private final Pause pause;

    public Throttle(RateLimiter limiter, Duration maxWait, Pause pause) {
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("the longest wait in place must be zero or more, was " + maxWait);
        }
        this.limiter = limiter;
        this.maxWait = maxWait;
        this.pause = pause;
    }

    /**
     * Takes one token from {@code key}, waiting in place for at most {@code maxWait} in all. Empty when a token was
     * taken; otherwise the wait until the next one, which was too long to wait for here.
     */
    public Optional<Duration> take(String key, RateLimit limit) throws InterruptedException {
        Duration waited = Duration.ZERO;
        while (true) {
            RateLimiter.Verdict taken = limiter.take(key, limit.capacity(), limit.perSecond());
            if (taken.granted()) {
                return Optional.empty();
            }
            Duration wait = (taken.retryAfter() == null ? Duration.ofDays(1) : taken.retryAfter()).plus(MARGIN);
            if (waited.plus(wait).compareTo(maxWait) > 0) {
                return Optional.of(wait);
            }
            pause.pause(wait);
            waited = waited.plus(wait);
        }
    }
}
