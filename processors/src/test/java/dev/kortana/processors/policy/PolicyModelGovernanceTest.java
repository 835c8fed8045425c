package dev.kortana.processors.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyModelGovernanceTest {

    @Test
    void aPassedOverModelIsRecordedWithoutWhatItsProviderAnswered() {
        assertThat(PolicyModelGovernance.brief("gpt-4o: HTTP 400: the prompt 'my password is x' is too long"))
                .isEqualTo("gpt-4o: HTTP 400");
        assertThat(PolicyModelGovernance.brief("mistral: refused by policy eu-only: data stays in the EU"))
                .isEqualTo("mistral: refused by policy eu-only");
        assertThat(PolicyModelGovernance.brief("cheap: its rate limit (policies.yaml rate-limits.model) is used up"))
                .isEqualTo("cheap: its rate limit (policies.yaml rate-limits.model) is used up");
    }
}
