package dev.kortana.processors.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyNamePatternTest {

    @Test
    void exactNamesPrefixesAndWildcardsMatch() {
        NamePattern pattern = NamePattern.of(List.of("memory.search", "payments.*", "*.place", "file.wr?te", "a*b*c"));

        assertThat(pattern.matches("memory.search")).isTrue();
        assertThat(pattern.matches("memory.searches")).isFalse();
        assertThat(pattern.matches("payments.refund")).isTrue();
        assertThat(pattern.matches("payments")).isFalse();
        assertThat(pattern.matches("orders.place")).isTrue();
        assertThat(pattern.matches("orders.placed")).isFalse();
        assertThat(pattern.matches("file.write")).isTrue();
        assertThat(pattern.matches("file.wrote")).isTrue();
        assertThat(pattern.matches("file.wrte")).isFalse();
        assertThat(pattern.matches("axxbyyc")).isTrue();
        assertThat(pattern.matches("axxbyy")).isFalse();
        assertThat(pattern.matches(null)).isFalse();
    }

    @Test
    void aLoneStarMatchesEveryName() {
        assertThat(NamePattern.of(List.of("*")).matches("anything.at-all")).isTrue();
    }
}
