package dev.kortana.processors.policy;

import static dev.kortana.processors.policy.PolicyFixtures.FILE_WRITE;
import static dev.kortana.processors.policy.PolicyFixtures.MEMORY_SEARCH;
import static dev.kortana.processors.policy.PolicyFixtures.ORDERS_PLACE;
import static dev.kortana.processors.policy.PolicyFixtures.approvalRequired;
import static dev.kortana.processors.policy.PolicyFixtures.book;
import static dev.kortana.processors.policy.PolicyFixtures.step;
import static dev.kortana.processors.policy.PolicyFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PolicyDecision.Effect;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A task's own {@code constraints.requireApproval}: an implicit ESCALATE after the DENY rules, before ALLOW. */
class PolicyBookApprovalTest {

    private static final AgentTask APPROVAL_TASK = task("acme", approvalRequired());

    @Test
    void escalatesEveryStepWithTheDefaultTermsWhenNothingMatches() {
        Verdict verdict = book("defaults: { approval: { timeout: PT2H } }").decideStep(step(APPROVAL_TASK, 1, MEMORY_SEARCH));

        assertThat(verdict.effect()).isEqualTo(Effect.ESCALATE);
        assertThat(verdict.decision().ruleId()).isEqualTo(PolicyBook.TASK_REQUIRES_APPROVAL);
        assertThat(verdict.decision().stepIndex()).isEqualTo(1);
        assertThat(verdict.approval().timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(verdict.approval().role()).isEqualTo("approver");
    }

    @Test
    void theEmptyBookEscalatesToo() {
        Verdict verdict = PolicyBook.empty().decideStep(step(APPROVAL_TASK, 0, MEMORY_SEARCH));

        assertThat(verdict.decision().ruleId()).isEqualTo(PolicyBook.TASK_REQUIRES_APPROVAL);
        assertThat(verdict.approval()).isEqualTo(ApprovalTerms.DEFAULTS);
    }

    @Test
    void anAllowRuleCannotSkipTheApprovalTheTaskAskedFor() {
        PolicyBook book = book("""
                rules:
                  - { id: memory-ok, when: { tool: { name: [memory.search] } }, effect: ALLOW, reason: r }
                """);

        assertThat(book.decideStep(step(APPROVAL_TASK, 0, MEMORY_SEARCH)).decision().ruleId())
                .isEqualTo(PolicyBook.TASK_REQUIRES_APPROVAL);
        assertThat(book.decideStep(step(task(), 0, MEMORY_SEARCH)).decision().ruleId()).isEqualTo("memory-ok");
    }

    @Test
    void aDenyRuleStillDeniesEvenBelowAnAllow() {
        PolicyBook book = book("""
                rules:
                  - { id: all-ok, effect: ALLOW, reason: everything runs }
                  - { id: approval-tasks-do-not-write, when: { task: { require-approval: true }, tool: { safety: [writes-data] } }, effect: DENY, reason: r }
                """);

        assertThat(book.decideStep(step(APPROVAL_TASK, 0, FILE_WRITE)).decision().ruleId())
                .isEqualTo("approval-tasks-do-not-write");
        assertThat(book.decideStep(step(APPROVAL_TASK, 0, MEMORY_SEARCH)).decision().ruleId())
                .isEqualTo(PolicyBook.TASK_REQUIRES_APPROVAL);
        assertThat(book.decideStep(step(task(), 0, FILE_WRITE)).decision().ruleId()).isEqualTo("all-ok");
    }

    @Test
    void anEscalateRuleReachedFirstKeepsItsOwnTerms() {
        PolicyBook book = book("""
                rules:
                  - { id: orders, when: { tool: { name: [orders.*] } }, effect: ESCALATE, reason: r, approval: { role: admin } }
                """);

        Verdict verdict = book.decideStep(step(APPROVAL_TASK, 0, ORDERS_PLACE));

        assertThat(verdict.decision().ruleId()).isEqualTo("orders");
        assertThat(verdict.approval().role()).isEqualTo("admin");
    }

    @Test
    void defaultDenyStaysADeny() {
        Verdict verdict = book("default: deny").decideStep(step(APPROVAL_TASK, 0, MEMORY_SEARCH));

        assertThat(verdict.decision().ruleId()).isEqualTo("default-deny");
    }

    @Test
    void rewritesBeforeTheApprovalTravelWithIt() {
        PolicyBook book = book("""
                rules:
                  - { id: cheap, effect: REWRITE, rewrite: { max-cost-usd: 0.1 }, reason: r }
                """);

        Verdict verdict = book.decideStep(step(APPROVAL_TASK, 0, MEMORY_SEARCH));

        assertThat(verdict.escalates()).isTrue();
        assertThat(verdict.rewrittenBy()).containsExactly("cheap");
        assertThat(verdict.rewrite().maxCostUsd()).isEqualByComparingTo("0.1");
    }
}
