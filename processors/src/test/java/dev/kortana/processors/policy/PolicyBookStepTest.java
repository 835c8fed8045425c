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
import dev.kortana.contracts.PolicyDecision.Effect;
import dev.kortana.contracts.TaskConstraints;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyBookStepTest {

    @Test
    void theFirstMatchingAllowDenyOrEscalateDecides() {
        PolicyBook book = book("""
                rules:
                  - { id: memory-ok, when: { tool: { name: [memory.*] } }, effect: ALLOW, reason: reading memory is fine }
                  - { id: writes-wait, when: { tool: { safety: [writes-data] } }, effect: ESCALATE, reason: writes wait }
                  - { id: nothing-else, effect: DENY, reason: only listed tools run }
                  - { id: never-reached, effect: ALLOW, reason: shadowed }
                """);

        assertThat(book.decideStep(step(MEMORY_SEARCH)).decision().ruleId()).isEqualTo("memory-ok");
        assertThat(book.decideStep(step(FILE_WRITE)).decision().ruleId()).isEqualTo("writes-wait");
        Verdict http = book.decideStep(step(HTTP_REQUEST));
        assertThat(http.effect()).isEqualTo(Effect.DENY);
        assertThat(http.decision().ruleId()).isEqualTo("nothing-else");
        assertThat(http.decision().reason()).isEqualTo("only listed tools run");
    }

    @Test
    void rewritesAccumulateInOrderAndTravelWithALaterDeny() {
        PolicyBook book = book("""
                rules:
                  - id: eu-data
                    effect: REWRITE
                    rewrite: { data-residency: eu, max-cost-usd: 1.00, args: { limit: 3 } }
                    reason: acme data stays in the EU
                  - id: cheap
                    effect: REWRITE
                    rewrite: { max-cost-usd: 0.50, args: { limit: 2, mode: safe } }
                    reason: acme spends little
                  - id: no-writes
                    when: { tool: { safety: [writes-data] } }
                    effect: DENY
                    reason: acme tasks do not write
                """);

        Verdict verdict = book.decideStep(step(FILE_WRITE));

        assertThat(verdict.effect()).isEqualTo(Effect.DENY);
        assertThat(verdict.decision().ruleId()).isEqualTo("no-writes");
        assertThat(verdict.rewrittenBy()).containsExactly("eu-data", "cheap");
        assertThat(verdict.rewrite().dataResidency()).isEqualTo("eu");
        assertThat(verdict.rewrite().maxCostUsd()).isEqualByComparingTo("0.50");
        assertThat(verdict.rewrite().args()).containsExactly(Map.entry("limit", 2L), Map.entry("mode", "safe"));
        assertThat(verdict.approval()).isNull();
    }

    @Test
    void aRewrittenStepThatIsAllowedIsAREWRITEDecisionNamingItsRules() {
        PolicyBook book = book("""
                rules:
                  - { id: a, effect: REWRITE, rewrite: { max-cost-usd: 2 }, reason: first limit }
                  - { id: b, effect: REWRITE, rewrite: { max-cost-usd: 5 }, reason: a higher limit never raises }
                  - { id: ok, when: { tool: { name: [memory.search] } }, effect: ALLOW, reason: reading is fine }
                """);

        Verdict verdict = book.decideStep(step(MEMORY_SEARCH));

        assertThat(verdict.effect()).isEqualTo(Effect.REWRITE);
        assertThat(verdict.decision().ruleId()).isEqualTo("a,b");
        assertThat(verdict.decision().reason()).contains("first limit").contains("allowed by ok");
        assertThat(verdict.rewrite().maxCostUsd()).isEqualByComparingTo("2");
        assertThat(book.decideStep(step(FILE_WRITE)).decision().reason()).doesNotContain("allowed by");
    }

    @Test
    void theLaterResidencyRewriteWinsAndArgumentsAreSetOnTheStep() {
        PolicyBook book = book("""
                rules:
                  - { id: us, effect: REWRITE, rewrite: { data-residency: us }, reason: default region }
                  - { id: eu, when: { tenant: [acme] }, effect: REWRITE, rewrite: { data-residency: eu, args: { limit: 1 } }, reason: acme is EU }
                """);

        Verdict verdict = book.decideStep(step(MEMORY_SEARCH));
        PlanStep rewritten = verdict.rewrite().applyTo(new PlanStep("memory.search", Map.of("query", "q", "limit", 9), null, null));

        assertThat(verdict.rewrite().dataResidency()).isEqualTo("eu");
        assertThat(rewritten.args()).containsEntry("query", "q").containsEntry("limit", 1L);
        assertThat(verdict.rewrite().applyTo(TaskConstraints.NONE).dataResidency()).isEqualTo("eu");
    }

    @Test
    void rulesBelowARewriteSeeTheRewrittenTask() {
        PolicyBook book = book("""
                rules:
                  - { id: eu-cheap, when: { tenant: [acme-eu] }, effect: REWRITE, rewrite: { data-residency: eu, max-cost-usd: 0.50 }, reason: r }
                  - { id: eu-no-writes, when: { task: { data-residency: [eu] }, tool: { safety: [writes-data] } }, effect: DENY, reason: r }
                  - { id: big-budgets, when: { task: { max-cost-usd-above: 25 } }, effect: ESCALATE, reason: r }
                """);

        assertThat(book.decideStep(step(task("acme-eu", null), 0, FILE_WRITE)).decision().ruleId()).isEqualTo("eu-no-writes");
        assertThat(book.decideStep(step(task("acme-eu", null), 0, MEMORY_SEARCH)).effect()).isEqualTo(Effect.REWRITE);
        assertThat(book.decideStep(step(task("acme", null), 0, FILE_WRITE)).decision().ruleId()).isEqualTo("big-budgets");
    }

    @Test
    void escalateCarriesTheRuleApprovalTermsOverTheDefaults() {
        PolicyBook book = book("""
                defaults:
                  approval: { timeout: PT8H, role: admin, valid-for: PT2H }
                rules:
                  - id: orders
                    when: { tool: { name: [orders.*] } }
                    effect: ESCALATE
                    reason: orders need a person
                    approval: { timeout: PT4H, on-timeout: escalate, escalate-to: admin }
                  - { id: irreversible, when: { tool: { safety: [irreversible] } }, effect: ESCALATE, reason: r }
                """);

        ApprovalTerms orders = book.decideStep(step(ORDERS_PLACE)).approval();
        ApprovalTerms refund = book.decideStep(step(PAYMENTS_REFUND)).approval();

        assertThat(orders).isEqualTo(new ApprovalTerms(Duration.ofHours(4), ApprovalTerms.OnTimeout.ESCALATE, "admin",
                Duration.ofHours(2), "admin"));
        assertThat(refund).isEqualTo(new ApprovalTerms(Duration.ofHours(8), ApprovalTerms.OnTimeout.REJECT, null,
                Duration.ofHours(2), "admin"));
        assertThat(book.defaultApproval()).isEqualTo(refund);
    }

    @Test
    void aResidencyRewriteDeniesAToolRunningElsewhere() {
        PolicyBook book = book("""
                rules:
                  - { id: eu-only, when: { tenant: [acme] }, effect: REWRITE, rewrite: { data-residency: eu }, reason: acme is EU }
                """);

        Verdict us = book.decideStep(step(ORDERS_PLACE));

        assertThat(us.denies()).isTrue();
        assertThat(us.decision().ruleId()).isEqualTo("eu-only");
        assertThat(us.decision().reason()).contains("orders.place").contains("region us").contains("acme is EU");
        assertThat(book.decideStep(step(PAYMENTS_REFUND)).effect()).isEqualTo(Effect.REWRITE);
        assertThat(book.decideStep(step(MEMORY_SEARCH)).effect()).isEqualTo(Effect.REWRITE);
    }

    @Test
    void defaultDenyRefusesWhatNoRuleAllows() {
        PolicyBook book = book("""
                default: deny
                rules:
                  - { id: memory-ok, when: { tool: { name: [memory.search] } }, effect: ALLOW, reason: r }
                """);

        assertThat(book.decideStep(step(MEMORY_SEARCH)).denies()).isFalse();
        Verdict other = book.decideStep(step(FILE_WRITE));
        assertThat(other.decision().ruleId()).isEqualTo("default-deny");
        assertThat(other.decision().reason()).contains("test-policies.yaml").contains("default is deny");
    }

    @Test
    void theDecisionCarriesTheStepIndex() {
        Verdict verdict = PolicyBook.empty().decideStep(step(task(), 4, MEMORY_SEARCH));

        assertThat(verdict.decision().stepIndex()).isEqualTo(4);
        assertThat(verdict.decision().ruleId()).isEqualTo("default-allow");
        assertThat(verdict.rewrite()).isSameAs(Rewrite.NONE);
        assertThat(verdict.rewrittenBy()).isEmpty();
    }

    @Test
    void costEstimatesAboveTheThresholdMatchModelCallsAndNeverAPlanStep() {
        PolicyBook book = book("""
                rules:
                  - { id: pricey, when: { cost: { estimate-above-usd: 0.25 } }, effect: DENY, reason: r }
                """);

        assertThat(book.decideModel(costing("0.26")).decision().effect()).isEqualTo(Effect.DENY);
        assertThat(book.decideModel(costing("0.25")).decision().effect()).isNotEqualTo(Effect.DENY);
        assertThat(book.decideModel(costing(null)).decision().effect()).isNotEqualTo(Effect.DENY);
        assertThat(book.decideStep(step(MEMORY_SEARCH)).decision().effect()).isNotEqualTo(Effect.DENY);
        assertThat(book.pricesModelCalls()).as("the router works out prices for this book").isTrue();
        assertThat(book("default: allow").pricesModelCalls()).as("and for none without a cost rule").isFalse();
    }

    private static ModelFacts costing(String usd) {
        ModelFacts f = PolicyFixtures.call(PolicyFixtures.GPT_US);
        return new ModelFacts(f.taskId(), f.tenant(), f.constraints(), f.purpose(), f.model(),
                usd == null ? null : new BigDecimal(usd), f.now());
    }
}
