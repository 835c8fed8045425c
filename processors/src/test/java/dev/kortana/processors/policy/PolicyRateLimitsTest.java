package dev.kortana.processors.policy;

import static dev.kortana.processors.policy.PolicyFixtures.book;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyRateLimitsTest {

    private static final RateLimits LIMITS = book("""
            rate-limits:
              tenant: { default: { capacity: 100, per-second: 10 }, acme: { capacity: 5, per-second: 0.5 } }
              tool:   { orders.place: { capacity: 10, per-second: 1 } }
              model:  { gpt-4o: { capacity: 60, per-second: 1 } }
            """).rateLimits();

    @Test
    void aNameWithItsOwnEntryGetsIt() {
        assertThat(LIMITS.forTenant("acme")).contains(new RateLimit(5, 0.5));
        assertThat(LIMITS.forTool("orders.place")).contains(new RateLimit(10, 1));
        assertThat(LIMITS.forModel("gpt-4o")).contains(new RateLimit(60, 1));
    }

    @Test
    void otherNamesGetTheDefaultEntryOrNoLimit() {
        assertThat(LIMITS.forTenant("beta")).contains(new RateLimit(100, 10));
        assertThat(LIMITS.tenant()).containsKey(RateLimits.DEFAULT);
        assertThat(LIMITS.forTool("memory.search")).isEmpty();
        assertThat(book("rate-limits: { tool: { default: { capacity: 3, per-second: 1 } } }").rateLimits()
                .forTool("memory.search")).contains(new RateLimit(3, 1));
        assertThat(LIMITS.forModel("offline")).isEmpty();
    }

    @Test
    void noSectionMeansNoLimits() {
        assertThat(book("default: allow").rateLimits().isEmpty()).isTrue();
    }
}
