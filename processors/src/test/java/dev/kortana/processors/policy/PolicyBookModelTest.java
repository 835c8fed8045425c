package dev.kortana.processors.policy;

import static dev.kortana.processors.policy.PolicyFixtures.GPT_US;
import static dev.kortana.processors.policy.PolicyFixtures.MEMORY_SEARCH;
import static dev.kortana.processors.policy.PolicyFixtures.MISTRAL_EU;
import static dev.kortana.processors.policy.PolicyFixtures.OFFLINE;
import static dev.kortana.processors.policy.PolicyFixtures.book;
import static dev.kortana.processors.policy.PolicyFixtures.call;
import static dev.kortana.processors.policy.PolicyFixtures.residency;
import static dev.kortana.processors.policy.PolicyFixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.PolicyDecision.Effect;
import org.junit.jupiter.api.Test;

class PolicyBookModelTest {

    @Test
    void aToolRuleNeverDecidesAModelCall() {
        PolicyBook book = book("""
                rules:
                  - { id: no-memory, when: { tool: { name: ["*"] } }, effect: DENY, reason: r }
                """);

        assertThat(book.decideModel(call(GPT_US)).effect()).isEqualTo(Effect.ALLOW);
        assertThat(book.decideStep(step(MEMORY_SEARCH)).denies()).isTrue();
    }

    @Test
    void aModelRuleNeverDecidesAStep() {
        PolicyBook book = book("""
                rules:
                  - { id: no-models, when: { model: { name: ["*"] } }, effect: DENY, reason: r }
                """);

        assertThat(book.decideStep(step(MEMORY_SEARCH)).effect()).isEqualTo(Effect.ALLOW);
        assertThat(book.decideModel(call(GPT_US)).denies()).isTrue();
    }

    @Test
    void escalateRulesWithoutConditionsLeaveModelCallsAlone() {
        PolicyBook book = book("rules: [ { id: everything-waits, effect: ESCALATE, reason: r } ]");

        assertThat(book.decideModel(call(GPT_US)).decision().ruleId()).isEqualTo("default-allow");
        assertThat(book.decideStep(step(MEMORY_SEARCH)).escalates()).isTrue();
    }

    @Test
    void usModelsAreDeniedForEuBoundTasks() {
        PolicyBook book = book("""
                rules:
                  - id: no-us-models-for-eu-data
                    when: { model: { region: [us] }, task: { data-residency: [eu] } }
                    effect: DENY
                    reason: data bound to the EU is not sent to US models
                """);

        Verdict us = book.decideModel(call("summarize", GPT_US, residency("EU")));

        assertThat(us.denies()).isTrue();
        assertThat(us.decision().stepIndex()).isEqualTo(-1);
        assertThat(book.decideModel(call("summarize", MISTRAL_EU, residency("eu"))).denies()).isFalse();
        assertThat(book.decideModel(call("summarize", GPT_US, null)).denies()).isFalse();
    }

    @Test
    void lacksComplianceMatchesAModelMissingAnyListedTag() {
        PolicyBook book = book("""
                rules:
                  - { id: gdpr-and-eu, when: { model: { lacks-compliance: [gdpr, eu] } }, effect: DENY, reason: r }
                """);

        assertThat(book.decideModel(call(GPT_US)).denies()).isTrue();
        assertThat(book.decideModel(call(OFFLINE)).denies()).isTrue();
        assertThat(book.decideModel(call(MISTRAL_EU)).denies()).isFalse();
    }

    @Test
    void modelNamesProvidersAndComplianceMatch() {
        PolicyBook book = book("""
                rules:
                  - { id: gpt, when: { model: { name: [gpt-*], provider: [openai-compatible] } }, effect: DENY, reason: r }
                  - { id: local, when: { model: { compliance: [local, hipaa] } }, effect: ALLOW, reason: r }
                """);

        assertThat(book.decideModel(call(GPT_US)).decision().ruleId()).isEqualTo("gpt");
        assertThat(book.decideModel(call(OFFLINE)).decision().ruleId()).isEqualTo("local");
        assertThat(book.decideModel(call(MISTRAL_EU)).decision().ruleId()).isEqualTo("default-allow");
    }

    @Test
    void requiredComplianceRewritesTheCallAndDeniesModelsWithoutIt() {
        PolicyBook book = book("""
                rules:
                  - { id: gdpr-models, when: { tenant: [acme] }, effect: REWRITE, rewrite: { require-compliance: [GDPR] }, reason: acme needs GDPR }
                """);

        Verdict eu = book.decideModel(call(MISTRAL_EU));
        Verdict us = book.decideModel(call(GPT_US));

        assertThat(eu.effect()).isEqualTo(Effect.REWRITE);
        assertThat(eu.rewrite().requireCompliance()).containsExactly("gdpr");
        assertThat(eu.rewrite().admits(MISTRAL_EU)).isTrue();
        assertThat(us.denies()).isTrue();
        assertThat(us.decision().ruleId()).isEqualTo("gdpr-models");
        assertThat(us.decision().reason()).contains("gpt-4o").contains("[gdpr]").contains("acme needs GDPR");
        assertThat(book.decideStep(step(MEMORY_SEARCH)).effect()).isEqualTo(Effect.ALLOW);
    }

    @Test
    void aResidencyRewriteDeniesModelsOutsideIt() {
        PolicyBook book = book("""
                rules:
                  - { id: eu, when: { tenant: [acme] }, effect: REWRITE, rewrite: { data-residency: eu }, reason: acme is EU }
                """);

        assertThat(book.decideModel(call(GPT_US)).decision().reason()).contains("does not satisfy data residency eu");
        assertThat(book.decideModel(call(MISTRAL_EU)).effect()).isEqualTo(Effect.REWRITE);
        assertThat(book.decideModel(call(OFFLINE)).effect()).isEqualTo(Effect.REWRITE);
    }

    @Test
    void aDenyRuleBelowAResidencyRewriteSeesTheRewrittenResidency() {
        PolicyBook book = book("""
                rules:
                  - { id: eu, when: { tenant: [acme] }, effect: REWRITE, rewrite: { data-residency: eu }, reason: r }
                  - { id: no-us-models-for-eu-data, when: { model: { region: [us] }, task: { data-residency: [eu] } }, effect: DENY, reason: r }
                """);

        assertThat(book.decideModel(call(GPT_US)).decision().ruleId()).isEqualTo("no-us-models-for-eu-data");
    }

    @Test
    void purposeTellsStepsFromModelCalls() {
        PolicyBook book = book("""
                rules:
                  - { id: plans-local, when: { step: { purpose: [plan] }, model: { provider: [openai] } }, effect: DENY, reason: r }
                  - { id: late-steps, when: { step: { purpose: [step], index-at-least: 3 } }, effect: DENY, reason: r }
                """);

        assertThat(book.decideModel(call("plan", GPT_US, null)).denies()).isTrue();
        assertThat(book.decideModel(call("summarize", GPT_US, null)).denies()).isFalse();
        assertThat(book.decideStep(step(PolicyFixtures.task(), 3, MEMORY_SEARCH)).denies()).isTrue();
        assertThat(book.decideStep(step(PolicyFixtures.task(), 2, MEMORY_SEARCH)).denies()).isFalse();
    }

    @Test
    void factsComeFromTheModelRequest() {
        ModelRequest request = new ModelRequest("reflect", "t-9", null, residency("eu"), "p", null);

        ModelFacts facts = ModelFacts.of(request, MISTRAL_EU, null, PolicyFixtures.NOW);

        assertThat(facts.tenant()).isEqualTo("default");
        assertThat(facts.purpose()).isEqualTo("reflect");
        assertThat(facts.constraints().dataResidency()).isEqualTo("eu");
    }
}
