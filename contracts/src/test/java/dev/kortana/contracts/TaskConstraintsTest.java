package dev.kortana.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskConstraintsTest {

    @Test
    void rejectsNegativeMaxCost() {
        assertThatThrownBy(() -> new TaskConstraints(new BigDecimal("-0.01"), null, null, null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxCostUsd");
    }

    @Test
    void acceptsZeroMaxCost() {
        assertThat(new TaskConstraints(BigDecimal.ZERO, null, null, null, false).maxCostUsd()).isZero();
    }

    @Test
    void withoutAllowlistAllowsEveryTool() {
        assertThat(TaskConstraints.NONE.allowedTools()).isNull();
        assertThat(TaskConstraints.NONE.allows("http.request")).isTrue();
    }

    @Test
    void withAllowlistAllowsOnlyListedTools() {
        TaskConstraints constraints = new TaskConstraints(null, null, null, List.of("memory.search"), false);

        assertThat(constraints.allows("memory.search")).isTrue();
        assertThat(constraints.allows("http.request")).isFalse();
    }

    @Test
    void emptyAllowlistAllowsNothing() {
        assertThat(new TaskConstraints(null, null, null, List.of(), false).allows("memory.search")).isFalse();
    }

    @Test
    void copiesTheAllowlist() {
        List<String> tools = new ArrayList<>(List.of("memory.search"));
        TaskConstraints constraints = new TaskConstraints(null, null, null, tools, false);

        tools.add("http.request");

        assertThat(constraints.allows("http.request")).isFalse();
    }
}
