package dev.kortana.processors.policy;

import static dev.kortana.processors.policy.PolicyFixtures.book;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyVersionTest {

    @Test
    void theVersionIsTheLabelAndTheFilesHash() {
        assertThat(book("version: \"2026-11-25\"\n").version()).matches("2026-11-25\\+[0-9a-f]{12}");
        assertThat(book("default: allow\n").version()).matches("[0-9a-f]{12}");
        assertThat(book("version: 2026-11-25\n").version()).startsWith("2026-11-25+");
        assertThat(book("version: 7\n").version()).startsWith("7+");
    }

    @Test
    void anyChangeToTheFileChangesTheVersionEvenWithTheSameLabel() {
        String a = book("version: v1\n").version();
        String b = book("version: v1\n# a comment\n").version();

        assertThat(a).startsWith("v1+");
        assertThat(b).startsWith("v1+").isNotEqualTo(a);
        assertThat(book("version: v1\n").version()).isEqualTo(a);
    }

    @Test
    void theEmptyBookIsVersionNoneAndAllowsEverything() {
        PolicyBook empty = PolicyBook.empty();

        assertThat(empty.version()).isEqualTo("none");
        assertThat(empty.ruleIds()).isEmpty();
        assertThat(empty.rateLimits()).isEqualTo(RateLimits.NONE);
        assertThat(empty.decideModel(PolicyFixtures.call(PolicyFixtures.GPT_US)).decision().reason())
                .isEqualTo("no policies.yaml: everything the built-in checks pass is allowed");
    }
}
