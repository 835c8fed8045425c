package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every policy decision, approval, tool call and outcome lands in the signed audit log, which verifies; policies.yaml
 * changes take effect without a restart, and a broken file leaves the policy in force.
 */
class PolicyAuditIT {

    @TempDir
    static Path dataDir;

    static final String POLICIES = """
            version: audit-it
            rules:
              - id: irreversible-needs-approval
                when: { tool: { safety: [irreversible] } }
                effect: ESCALATE
                reason: irreversible tools need a human approval
            """;
    static OrderShop orders;

    @BeforeAll
    static void start() throws Exception {
        orders = new OrderShop(dataDir, POLICIES, "orders.place");
    }

    @AfterAll
    static void stop() throws Exception {
        orders.close();
    }

    @Test
    void everyDecisionApprovalToolCallAndOutcomeIsInTheVerifiedAuditLog() throws Exception {
        String id = orders.submit("orders.place", "/orders/audited", "place an order");
        orders.app.awaitStatus(id, "AWAITING_APPROVAL");
        assertThat(orders.decide(id, "{\"decision\":\"approve\",\"reviewer\":\"erin\"}").statusCode()).isEqualTo(200);
        orders.app.awaitTerminal(id);

        assertThat(orders.auditKinds(id)).containsSubsequence("policy-decision", "approval-requested", "approval",
                "policy-decision", "approval-used", "tool-call", "outcome");
        JsonNode verified = orders.app.getJson("/api/audit/verify");
        assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.path("rows").asInt()).isGreaterThan(5);
    }

    @Test
    void aFailedStepsErrorTextStaysOutOfTheAuditLog() throws Exception {
        var accepted = orders.app.postJson("{\"goal\":\"write a file\",\"plan\":[{\"tool\":\"file.write\","
                + "\"args\":{\"path\":\"../token-s3cr3t-value\",\"content\":\"x\"}}]}");
        String id = Json.MAPPER.readTree(accepted.body()).path("taskId").asText();

        JsonNode done = orders.app.awaitTerminal(id);

        assertThat(done.path("status").asText()).isEqualTo("FAILED");
        assertThat(done.path("reason").asText()).as("the task itself keeps the whole reason").contains("token-s3cr3t-value");
        // The outcome's entry follows the terminal status by a moment (it is written once the status is durable).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(orders.auditKinds(id)).contains("tool-call", "outcome"));
        assertThat(orders.auditBodies(id)).noneMatch(body -> body.contains("s3cr3t"))
                .anyMatch(body -> body.contains("step 0 (file.write) failed"));
    }

    @Test
    void aChangedPolicyFileTakesEffectWithoutARestartAndABadOneKeepsThePolicy() throws Exception {
        Files.writeString(orders.policies, POLICIES + "  - id: broken\n    effect: MAYBE\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.auditKinds(null).contains("policy-reload"));
        String kept = orders.submit("orders.place", "/orders/kept", "place an order");
        assertThat(orders.app.awaitStatus(kept, "AWAITING_APPROVAL").path("reason").asText()).as("the old policy holds")
                .contains("waiting for approval");
        assertThat(orders.shop.effects("/orders/kept")).isZero();

        Files.writeString(orders.policies, POLICIES.replace("rules:\n", "rules:\n  - id: no-voids\n"
                + "    when: { tool: { name: [orders.place] }, task: { goal-contains: [void] } }\n"
                + "    effect: DENY\n    reason: voids go through the back office\n"));
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.auditKinds(null).stream().filter("policy-reload"::equals).count() == 2);
        JsonNode denied = orders.app.awaitTerminal(orders.submit("orders.place", "/orders/void", "void an order"));

        assertThat(denied.path("status").asText()).isEqualTo("REJECTED");
        assertThat(denied.path("reason").asText()).contains("no-voids").contains("back office");
        assertThat(orders.shop.effects("/orders/void")).isZero();
        orders.cancel(kept, "");
    }
}
