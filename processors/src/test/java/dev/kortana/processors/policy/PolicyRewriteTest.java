package dev.kortana.processors.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskConstraints;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyRewriteTest {

    private static final TaskConstraints TASK = new TaskConstraints(new BigDecimal("1.00"),
            Instant.parse("2026-12-01T00:00:00Z"), "us", List.of("memory.search"), true);

    @Test
    void aCostLimitOnlyEverLowersTheTasksOwn() {
        assertThat(new Rewrite(null, new BigDecimal("0.50"), null, null).applyTo(TASK).maxCostUsd()).isEqualByComparingTo("0.50");
        assertThat(new Rewrite(null, new BigDecimal("5"), null, null).applyTo(TASK).maxCostUsd()).isEqualByComparingTo("1.00");
        assertThat(new Rewrite(null, new BigDecimal("5"), null, null).applyTo(TaskConstraints.NONE).maxCostUsd())
                .isEqualByComparingTo("5");
    }

    @Test
    void residencyIsReplacedAndEverythingElseKept() {
        TaskConstraints rewritten = new Rewrite("eu", null, null, null).applyTo(TASK);

        assertThat(rewritten).isEqualTo(new TaskConstraints(TASK.maxCostUsd(), TASK.deadline(), "eu", TASK.allowedTools(), true));
    }

    @Test
    void argumentsAreSetOrReplacedAndTheRestOfTheStepKept() {
        PlanStep step = new PlanStep("memory.search", Map.of("query", "q", "limit", 50), "find it", List.of(0));

        PlanStep rewritten = new Rewrite(null, null, null, Map.of("limit", 5, "scope", "tenant")).applyTo(step);

        assertThat(rewritten.args()).containsOnly(Map.entry("query", "q"), Map.entry("limit", 5), Map.entry("scope", "tenant"));
        assertThat(rewritten.rationale()).isEqualTo("find it");
        assertThat(rewritten.dependsOn()).containsExactly(0);
    }

    @Test
    void nothingChangesWithoutARewrite() {
        PlanStep step = new PlanStep("memory.search", Map.of(), null, null);

        assertThat(Rewrite.NONE.isEmpty()).isTrue();
        assertThat(Rewrite.NONE.applyTo(step)).isSameAs(step);
        assertThat(Rewrite.NONE.applyTo(TASK)).isSameAs(TASK);
    }

    @Test
    void mergingKeepsLaterValuesLowerLimitsAndAllTags() {
        Rewrite merged = new Rewrite("us", new BigDecimal("1"), List.of("soc2"), Map.of("a", 1))
                .then(new Rewrite("eu", new BigDecimal("2"), List.of("GDPR", "soc2"), Map.of("a", 2, "b", 3)));

        assertThat(merged).isEqualTo(new Rewrite("eu", new BigDecimal("1"), List.of("soc2", "gdpr"), Map.of("a", 2, "b", 3)));
    }

    @Test
    void rewrittenArgumentsFromTheFileCannotBeChanged() {
        PolicyBook book = PolicyFixtures.book("""
                rules: [ { id: a, effect: REWRITE, reason: r, rewrite: { args: { filter: { tags: [x] } } } } ]
                """);
        Map<?, ?> filter = (Map<?, ?>) book.decideStep(PolicyFixtures.step(PolicyFixtures.MEMORY_SEARCH)).rewrite().args().get("filter");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ((List<?>) filter.get("tags")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
