package dev.kortana.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AgentOutcomeTest {

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"ACCEPTED", "PLANNING", "AWAITING_APPROVAL", "EXECUTING", "VALIDATING", "REFLECTING"})
    void rejectsNonTerminalStatus(TaskStatus status) {
        assertThatThrownBy(() -> outcome(status))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("terminal")
                .hasMessageContaining(status.name());
    }

    @ParameterizedTest
    @EnumSource(value = TaskStatus.class, names = {"COMPLETED", "FAILED", "REJECTED", "CANCELLED"})
    void acceptsTerminalStatus(TaskStatus status) {
        assertThat(outcome(status).status()).isEqualTo(status);
    }

    @Test
    void rejectsMissingTaskId() {
        assertThatThrownBy(() -> new AgentOutcome(null, TaskStatus.COMPLETED, "g", "r", null, null, null, null, 0, Instant.now()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("taskId");
    }

    @Test
    void defaultsStepsAndUsageSoCostIsZero() {
        AgentOutcome outcome = outcome(TaskStatus.COMPLETED);

        assertThat(outcome.steps()).isEmpty();
        assertThat(outcome.usage()).isEqualTo(Usage.NONE);
        assertThat(outcome.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void costIsTheUsageCost() {
        AgentOutcome outcome = new AgentOutcome("t-1", TaskStatus.COMPLETED, "g", "r", null, null, null,
                new Usage(2, 10, 20, new BigDecimal("0.25")), 0, Instant.now());

        assertThat(outcome.costUsd()).isEqualByComparingTo("0.25");
    }

    private static AgentOutcome outcome(TaskStatus status) {
        return new AgentOutcome("t-1", status, "goal", null, null, null, null, null, 0, Instant.parse("2026-01-01T00:00:00Z"));
    }
}
