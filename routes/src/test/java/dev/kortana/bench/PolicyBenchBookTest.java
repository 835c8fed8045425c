package dev.kortana.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.policy.PolicyBook;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The benchmark's policy book stays loadable as the policy rules tighten, so bench/policy.sh keeps running. */
class PolicyBenchBookTest {

    @Test
    void theBenchmarkBookLoadsWithItsTwentyOneRules() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("bench/policy-bench.yaml")) {
            assertThat(in).isNotNull();
            PolicyBook book = PolicyBook.load(in.readAllBytes(), "policy-bench.yaml");

            assertThat(book.ruleIds()).hasSize(21).contains("pricey-calls", "orders-by-sales");
        }
    }
}
