package dev.kortana.processors.prompts;

import static dev.kortana.processors.prompts.PromptFixtures.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.TaskStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptRulesTest {

    private static final String PLAN = ShippedPrompts.text(ShippedPrompts.PLAN);

    @Test
    void proposesTheStricterPlanWhenTooManyRecentPlansWereInvalid() {
        PromptVersion active = version("plan", 1, PromptVersion.ACTIVE, null, PLAN, "SSSSSSVVVSSVSSSSSSVS"); // 5 of 20

        List<PromptRules.Proposal> proposals = PromptRules.propose(List.of(active), 20, 0.25);

        assertThat(proposals).hasSize(1);
        PromptRules.Proposal p = proposals.get(0);
        assertThat(p.name()).isEqualTo("plan");
        assertThat(p.basedOn()).isEqualTo(1);
        assertThat(p.ruleId()).isEqualTo("plan-invalid-answers");
        assertThat(p.text()).startsWith(PLAN + " ").contains("JSON array alone");
        assertThat(p.reason()).contains("5 of the last 20 tasks that used plan v1 failed validation");
    }

    @Test
    void judgesOnlyTheLastWindowOfUses() {
        PromptVersion active = version("plan", 1, PromptVersion.ACTIVE, null, PLAN, "VVVVVVVVVV" + "SSSSSSSSSS");

        assertThat(PromptRules.propose(List.of(active), 10, 0.3)).isEmpty();
        assertThat(PromptRules.propose(List.of(active), 20, 0.3)).hasSize(1);
    }

    @Test
    void aVersionWithFewerUsesThanTheWindowIsNotJudgedYet() {
        PromptVersion young = version("plan", 1, PromptVersion.ACTIVE, null, PLAN, "VVVV");

        assertThat(PromptRules.propose(List.of(young), 20, 0.3)).isEmpty();
    }

    @Test
    void failedTasksCallForTheFailureAmendmentWhenValidationIsFine() {
        PromptVersion active = version("plan", 1, PromptVersion.ACTIVE, null, PLAN, "FFFFFSSSSS");

        assertThat(PromptRules.propose(List.of(active), 10, 0.5)).extracting(PromptRules.Proposal::ruleId)
                .containsExactly("plan-failing-tasks");
    }

    @Test
    void proposesNothingWhileAProposalOrCanaryWaitsNorATextProposedBefore() {
        PromptVersion active = version("plan", 1, PromptVersion.ACTIVE, null, PLAN, "VVVVVVVVVV");
        String amended = PromptRules.propose(List.of(active), 10, 0.3).get(0).text();

        assertThat(PromptRules.propose(List.of(active, version("plan", 2, PromptVersion.PROPOSED)), 10, 0.3)).isEmpty();
        assertThat(PromptRules.propose(List.of(active, version("plan", 2, PromptVersion.CANARY)), 10, 0.3)).isEmpty();
        assertThat(PromptRules.propose(List.of(active, version("plan", 2, PromptVersion.REJECTED, null, amended, "")), 10, 0.3))
                .as("a rejected amendment is not asked again").isEmpty();
    }

    @Test
    void proposesAtMostOneVariantPerTemplateAndNoneForTemplatesWithoutAmendments() {
        List<PromptVersion> all = List.of(
                version("plan", 1, PromptVersion.ACTIVE, null, PLAN, "VVVVVFFFFF"),
                version("reflect", 1, PromptVersion.ACTIVE, null, "Reflect.", "FFFFFFFFFF"),
                version("summarize", 1, PromptVersion.ACTIVE, null, "Summarise.", "VVVVVVVVVV"));

        assertThat(PromptRules.propose(all, 10, 0.3)).extracting(PromptRules.Proposal::name).containsExactly("plan", "summarize");
    }

    @Test
    void anOutcomeCountsAsAValidationFailureOfThePromptWhoseAnswerWasInvalid() {
        Set<String> invalidFirst = Set.of("PLAN_INVALID");
        Set<String> fellBack = Set.of("PLAN_INVALID", "PLAN_FALLBACK");

        assertThat(PromptOutcome.letter("plan", TaskStatus.COMPLETED, null, invalidFirst)).isEqualTo('V');
        assertThat(PromptOutcome.letter("plan-repair", TaskStatus.COMPLETED, null, invalidFirst)).isEqualTo('S');
        assertThat(PromptOutcome.letter("plan-repair", TaskStatus.COMPLETED, null, fellBack)).isEqualTo('V');
        assertThat(PromptOutcome.letter("reflect", TaskStatus.FAILED, "validation: the last step produced an empty result", Set.of()))
                .isEqualTo('V');
        assertThat(PromptOutcome.letter("reflect", TaskStatus.FAILED, "step 0 (x) failed: boom", Set.of())).isEqualTo('F');
        assertThat(PromptOutcome.letter("plan", TaskStatus.REJECTED, "denied", Set.of())).isEqualTo('O');
    }
}
