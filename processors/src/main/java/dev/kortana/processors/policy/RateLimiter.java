package dev.kortana.processors.policy;

/**
 * Token-bucket rate limits, by key: {@code "tenant:acme"}, {@code "tool:orders.place"}, {@code "model:gpt-4o"}. A bucket
 * holds up to {@code capacity} tokens and gets {@code perSecond} back each second; {@code perSecond} 0 makes it a fixed
 * allowance that never refills. Implementations are safe to call from any thread (and, for the PostgreSQL one, from
 * any instance).
 */
public interface RateLimiter {
    /** Takes one token from the bucket {@code key}; refused when empty, with the wait until the next token (null if it never refills). */
    Verdict take(String key, double capacity, double perSecond);
    record Verdict(boolean granted, java.time.Duration retryAfter) {}
    RateLimiter UNLIMITED = (k, c, p) -> new Verdict(true, null);
}
