package dev.kortana.processors.policy;

/**
 * One token bucket: up to {@code capacity} calls at once, refilled at {@code perSecond} tokens a second.
 *
 * @param capacity  the burst: tokens a full bucket holds
 * @param perSecond tokens added a second, up to the capacity
 */
public record RateLimit(double capacity, double perSecond) {

    public RateLimit {
        if (!(capacity > 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("capacity must be a positive number, not " + capacity);
        }
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("per-second must be a positive number, not " + perSecond);
        }
    }
}
