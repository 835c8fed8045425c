package dev.kortana.processors.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.PolicyDecision.Effect;
import dev.kortana.processors.tools.ShippedCatalog;
import dev.kortana.processors.tools.ToolSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** config/policies.yaml as shipped: approvals for irreversible tools, nothing else in the way. */
class PolicyShippedFileTest {

    private static final Path SHIPPED = Path.of("../config/policies.yaml");

    @Test
    void loadsWithOneRuleAndNoRateLimits() throws IOException {
        PolicyBook book = PolicyBook.load(Files.readAllBytes(SHIPPED), SHIPPED.toString());

        assertThat(book.ruleIds()).containsExactly("irreversible-needs-approval");
        assertThat(book.rateLimits().isEmpty()).isTrue();
        assertThat(book.version()).matches("2026-11-25\\+[0-9a-f]{12}");
        assertThat(book.defaultApproval()).isEqualTo(ApprovalTerms.DEFAULTS);
    }

    @Test
    void theExampleInTheConfigurationReferenceLoads() throws IOException {
        String doc = Files.readString(Path.of("../docs/CONFIGURATION.md"));
        int section = doc.indexOf("## Policies (`config/policies.yaml`)");
        int start = doc.indexOf("```yaml\nversion:", section) + "```yaml\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        PolicyBook book = PolicyFixtures.book(example);

        assertThat(book.ruleIds()).containsExactly("irreversible-needs-approval", "eu-tenants-stay-in-eu",
                "no-us-models-for-gdpr");
    }

    @Test
    void everyShippedToolIsAllowedAndAnIrreversibleOneWaitsForApproval() throws IOException {
        PolicyBook book = PolicyBook.load(Files.readAllBytes(SHIPPED), SHIPPED.toString());

        for (ToolSpec tool : ShippedCatalog.load().all()) {
            assertThat(book.decideStep(PolicyFixtures.step(tool)).effect()).as(tool.name()).isEqualTo(Effect.ALLOW);
        }
        Verdict irreversible = book.decideStep(PolicyFixtures.step(PolicyFixtures.ORDERS_PLACE));
        assertThat(irreversible.decision().ruleId()).isEqualTo("irreversible-needs-approval");
        assertThat(irreversible.approval()).isEqualTo(ApprovalTerms.DEFAULTS);
    }
}
