package dev.kortana.processors.policy;

import static dev.kortana.processors.policy.PolicyFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules whose id, effect or scope cannot work: each problem names the rule, the field and the fix. */
class PolicyRuleValidationTest {

    @Test
    void escalateOnAModelRuleExplainsWhatModelRulesCanDo() {
        assertThat(problems("rules: [ { id: m, when: { model: { region: [us] } }, effect: ESCALATE, reason: r } ]"))
                .singleElement().asString()
                .startsWith("rules[0] (id: m): effect: ESCALATE cannot apply to when.model")
                .contains("a model choice can be allowed, denied or rewritten");
    }

    @Test
    void rulesThatCanNeverApplyAreRefused() {
        List<String> problems = problems("""
                rules:
                  - { id: both, when: { tool: { name: [x] }, model: { name: [y] } }, effect: DENY, reason: r }
                  - { id: plan-escalate, when: { step: { purpose: [plan, reflect] } }, effect: ESCALATE, reason: r }
                  - { id: args-for-models, when: { model: { name: [y] } }, effect: REWRITE, rewrite: { args: { a: 1 } }, reason: r }
                  - { id: compliance-for-tools, when: { tool: { name: [x] } }, effect: REWRITE, rewrite: { require-compliance: [gdpr] }, reason: r }
                """);

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("rules[0] (id: both): when: has both tool and model");
        assertThat(problems.get(1)).startsWith("rules[1] (id: plan-escalate): when.step.purpose: names only model calls");
        assertThat(problems.get(2)).startsWith("rules[2] (id: args-for-models): rewrite.args: sets step arguments");
        assertThat(problems.get(3)).startsWith("rules[3] (id: compliance-for-tools): rewrite.require-compliance:");
    }

    @Test
    void aCostConditionIsAboutModelCallsOnly() {
        List<String> problems = problems("""
                rules:
                  - { id: pricey-tool, when: { tool: { name: [x] }, cost: { estimate-above-usd: 1 } }, effect: DENY, reason: r }
                  - { id: pricey-escalate, when: { cost: { estimate-above-usd: 1 } }, effect: ESCALATE, reason: r }
                  - { id: pricey-call, when: { cost: { estimate-above-usd: 1 } }, effect: DENY, reason: r }
                  - { id: pricey-rewrite, when: { cost: { estimate-above-usd: 1 } }, effect: REWRITE, rewrite: { max-cost-usd: 0.1 }, reason: r }
                """);

        assertThat(problems).hasSize(3);
        assertThat(problems.get(2)).startsWith("rules[3] (id: pricey-rewrite): when.cost: cannot select a REWRITE");
        assertThat(problems.get(0)).startsWith("rules[0] (id: pricey-tool): when.cost: applies to model calls").contains("split it");
        assertThat(problems.get(1)).startsWith("rules[1] (id: pricey-escalate): when.cost: applies to model calls only")
                .contains("use DENY for costly model calls");
    }

    @Test
    void idsMustBeUniqueValidAndNotThoseOfBuiltInChecks() {
        List<String> problems = problems("""
                rules:
                  - { id: Eu Only, effect: DENY, reason: r }
                  - { id: tool-residency, effect: DENY, reason: r }
                  - { id: a, effect: DENY, reason: r }
                  - { id: a, effect: DENY, reason: r }
                """);

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("rules[0] (id: Eu Only): id: 'Eu Only' is not a valid id");
        assertThat(problems.get(1)).startsWith("rules[1] (id: tool-residency): id: 'tool-residency' is the id of a built-in check");
        assertThat(problems.get(2)).startsWith("rules[3] (id: a): id: 'a' is used by an earlier rule");
    }

    @Test
    void blocksOnlyReadForOtherEffectsAreRefused() {
        List<String> problems = problems("""
                rules:
                  - { id: a, effect: DENY, reason: r, rewrite: { max-cost-usd: 1 } }
                  - { id: b, effect: ALLOW, reason: r, approval: { role: x } }
                  - { id: c, effect: REWRITE, reason: r, rewrite: {} }
                """);

        assertThat(problems).containsExactly(
                "rules[0] (id: a): rewrite: is only used with effect: REWRITE; remove it, or set effect: REWRITE",
                "rules[1] (id: b): approval: is only used with effect: ESCALATE; remove it, or set effect: ESCALATE",
                "rules[2] (id: c): rewrite: changes nothing; set at least one of data-residency, max-cost-usd,"
                        + " require-compliance, args");
    }
}
