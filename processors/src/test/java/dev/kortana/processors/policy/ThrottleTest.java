package dev.kortana.processors.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final RateLimit LIMIT = new RateLimit(1, 2);

    /** Answers takes from a script and records the pauses asked for. */
    private final Deque<RateLimiter.Verdict> answers = new ArrayDeque<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final RateLimiter scripted = (key, capacity, perSecond) -> answers.removeFirst();

    private Throttle throttle(Duration maxWait) {
        return new Throttle(scripted, maxWait, pauses::add);
    }

    private static RateLimiter.Verdict refused(long ms) {
        return new RateLimiter.Verdict(false, Duration.ofMillis(ms));
    }

    private static final RateLimiter.Verdict GRANTED = new RateLimiter.Verdict(true, null);

    @Test
    void aGrantedTokenNeedsNoWait() throws Exception {
        answers.add(GRANTED);

        assertThat(throttle(Duration.ofSeconds(2)).take("tool:x", LIMIT)).isEmpty();
        assertThat(pauses).isEmpty();
    }

    @Test
    void aNearTokenIsWaitedForInPlaceAndTakenAfterTheWait() throws Exception {
        answers.add(refused(300));
        answers.add(GRANTED);

        assertThat(throttle(Duration.ofSeconds(2)).take("tool:x", LIMIT)).isEmpty();
        assertThat(pauses).hasSize(1);
        assertThat(pauses.get(0)).isBetween(Duration.ofMillis(300), Duration.ofMillis(350));
    }

    @Test
    void waitsInPlaceAddUpToTheLongestAllowedAndTheRestIsHandedBack() throws Exception {
        answers.add(refused(800));
        answers.add(refused(800)); // another instance took the token first
        answers.add(refused(800));

        Optional<Duration> left = throttle(Duration.ofSeconds(2)).take("tool:x", LIMIT);

        assertThat(pauses).hasSize(2);
        assertThat(left).hasValueSatisfying(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMillis(800)));
        assertThat(answers).isEmpty();
    }

    @Test
    void withNoWaitInPlaceAnEmptyBucketIsHandedBackAtOnce() throws Exception {
        answers.add(refused(5_000));

        assertThat(throttle(Duration.ZERO).take("tool:x", LIMIT)).hasValueSatisfying(wait ->
                assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(5)));
        assertThat(pauses).isEmpty();
    }

    @Test
    void aNegativeLongestWaitIsRefused() {
        assertThatThrownBy(() -> throttle(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zero or more");
    }
}
