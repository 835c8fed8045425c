package dev.kortana.processors.policy;

import static dev.kortana.processors.policy.PolicyFixtures.FILE_WRITE;
import static dev.kortana.processors.policy.PolicyFixtures.HTTP_REQUEST;
import static dev.kortana.processors.policy.PolicyFixtures.MEMORY_SEARCH;
import static dev.kortana.processors.policy.PolicyFixtures.ORDERS_PLACE;
import static dev.kortana.processors.policy.PolicyFixtures.PAYMENTS_REFUND;
import static dev.kortana.processors.policy.PolicyFixtures.book;
import static dev.kortana.processors.policy.PolicyFixtures.step;
import static dev.kortana.processors.policy.PolicyFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.PlanStep;
import org.junit.jupiter.api.Test;

/** {@code when.tool}: globs, any-of tags, all fields together, unknown tools. */
class PolicyToolConditionTest {

    @Test
    void toolNamesTakeGlobs() {
        PolicyBook book = book("""
                rules:
                  - { id: globbed, when: { tool: { name: ["payments.*", "*.place", "file.wr?te"] } }, effect: DENY, reason: r }
                """);

        assertThat(book.decideStep(step(PAYMENTS_REFUND)).denies()).isTrue();
        assertThat(book.decideStep(step(ORDERS_PLACE)).denies()).isTrue();
        assertThat(book.decideStep(step(FILE_WRITE)).denies()).isTrue();
        assertThat(book.decideStep(step(MEMORY_SEARCH)).denies()).isFalse();
        assertThat(book.decideStep(step(HTTP_REQUEST)).denies()).isFalse();
    }

    @Test
    void safetyTagsAreAnyOf() {
        PolicyBook book = book("""
                rules:
                  - { id: risky, when: { tool: { safety: [irreversible, external-network] } }, effect: ESCALATE, reason: r }
                """);

        assertThat(book.decideStep(step(ORDERS_PLACE)).escalates()).isTrue();
        assertThat(book.decideStep(step(HTTP_REQUEST)).escalates()).isTrue();
        assertThat(book.decideStep(step(FILE_WRITE)).escalates()).isFalse();
    }

    @Test
    void allToolFieldsMustHoldTogether() {
        PolicyBook book = book("""
                rules:
                  - { id: eu-routes, when: { tool: { kind: [route], region: [EU], capabilities: [payments] } }, effect: DENY, reason: r }
                """);

        assertThat(book.decideStep(step(PAYMENTS_REFUND)).denies()).isTrue();
        assertThat(book.decideStep(step(ORDERS_PLACE)).denies()).isFalse();
    }

    @Test
    void anUnknownToolMatchesByNameOnly() {
        PolicyBook book = book("""
                rules:
                  - { id: by-safety, when: { tool: { safety: [irreversible] } }, effect: DENY, reason: r }
                  - { id: by-name, when: { tool: { name: [shell.*] } }, effect: ESCALATE, reason: r }
                """);
        StepFacts unknown = new StepFacts(task(), 0, new PlanStep("shell.exec", null, null, null), null, null,
                PolicyFixtures.NOW);

        assertThat(book.decideStep(unknown).decision().ruleId()).isEqualTo("by-name");
    }
}
