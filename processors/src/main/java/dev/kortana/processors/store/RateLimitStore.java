package dev.kortana.processors.store;

import dev.kortana.processors.policy.RateLimiter;
import java.time.Duration;

/**
 * Token buckets in PostgreSQL, shared by every instance on the database. A take is one statement that refills the
 * bucket for the time since its last granted take (capped at capacity) and takes a token only if a whole one is there;
 * the row lock of {@code INSERT … ON CONFLICT} makes concurrent takes queue, so no token is ever spent twice. Time is
 * the database's clock, so instances with skewed clocks agree.
 */
public class RateLimitStore implements RateLimiter {

    /** The bucket's level at the statement's clock reading, {@code EXCLUDED.updated_at}. */
    private static final String REFILLED = "least(EXCLUDED.capacity, b.tokens"
            + " + greatest(extract(epoch FROM EXCLUDED.updated_at - b.updated_at), 0) * b.per_second)";

    // The clock is read before the row lock is waited for, so it can be behind the take that held the lock:
    // greatest() keeps that refill from going negative and updated_at from going back.
    private static final String TAKE = "INSERT INTO rate_buckets AS b (key, tokens, capacity, per_second, updated_at)"
            + " VALUES (?, ?, ?, ?, clock_timestamp())"
            + " ON CONFLICT (key) DO UPDATE SET tokens = " + REFILLED + " - 1, capacity = EXCLUDED.capacity,"
            + " per_second = EXCLUDED.per_second, updated_at = greatest(b.updated_at, EXCLUDED.updated_at)"
            + " WHERE " + REFILLED + " >= 1 RETURNING tokens";

    /** A stored bucket's level now. */
    private static final String LEVEL_NOW = "least(capacity, tokens"
            + " + greatest(extract(epoch FROM clock_timestamp() - updated_at), 0) * per_second)";

    private final Database db;

    public RateLimitStore(Database db) {
        this.db = db;
    }

    /**
     * Takes one token from the bucket {@code key}, which starts full. Granted: one statement, and {@code retryAfter}
     * is null. Refused: {@code retryAfter} is the wait until one whole token is back (a second query), or null when
     * {@code perSecond} is 0, a fixed allowance that never refills.
     *
     * @throws IllegalArgumentException for a blank key, a capacity below 1 or a perSecond below 0 (or not finite)
     */
    @Override
    public Verdict take(String key, double capacity, double perSecond) {
        requireValid(key, capacity, perSecond);
        boolean granted = db.queryOne(TAKE, rs -> rs.getDouble(1), key, capacity - 1, capacity, perSecond).isPresent();
        if (granted) {
            return new Verdict(true, null);
        }
        return new Verdict(false, perSecond == 0 ? null : untilNextToken(key, perSecond));
    }

    private Duration untilNextToken(String key, double perSecond) {
        double level = db.queryOne("SELECT " + LEVEL_NOW + " FROM rate_buckets WHERE key = ?", rs -> rs.getDouble(1), key)
                .orElse(1.0); // forgotten meanwhile: it was full
        return Duration.ofNanos((long) Math.ceil(Math.max(0, 1 - level) / perSecond * 1e9));
    }

    /**
     * Deletes the buckets untouched for longer than {@code idle} that have refilled to capacity: the next take starts
     * a full bucket again, so forgetting them changes nothing. A spent fixed allowance never refills and is kept.
     * Returns how many were deleted.
     */
    public int forgetIdle(Duration idle) {
        if (idle == null || idle.isNegative()) {
            throw new IllegalArgumentException("idle must be a duration of zero or more, was " + idle);
        }
        return db.update("DELETE FROM rate_buckets WHERE updated_at < clock_timestamp() - make_interval(secs => ?)"
                + " AND " + LEVEL_NOW + " >= capacity", idle.toNanos() / 1e9);
    }

    private static void requireValid(String key, double capacity, double perSecond) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("rate-limit key must not be blank");
        }
        if (!Double.isFinite(capacity) || capacity < 1) {
            throw new IllegalArgumentException("capacity must be a finite number of at least 1 token, was " + capacity);
        }
        if (!Double.isFinite(perSecond) || perSecond < 0) {
            throw new IllegalArgumentException("perSecond must be a finite number of at least 0 tokens a second, was "
                    + perSecond);
        }
    }
}
