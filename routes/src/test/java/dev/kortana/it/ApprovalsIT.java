package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.cli.Kortana;
import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step whose tool is tagged {@code irreversible}, under a policy that asks for approval, never runs before a human
 * approves it, runs exactly once after, and does not run with arguments other than the ones approved. The parked task
 * survives a restart; rejection, cancel and a timeout end it without the tool ever being called.
 */
class ApprovalsIT {

    @TempDir
    static Path dataDir;

    static OrderShop orders;
    static CountingToolServer shop;

    @BeforeAll
    static void start() throws Exception {
        orders = new OrderShop(dataDir, """
                version: approvals-it
                rules:
                  - id: quick-decisions
                    when: { tool: { name: [orders.rush] } }
                    effect: ESCALATE
                    reason: rush orders need a human within a second
                    approval: { timeout: PT1S, on-timeout: reject }
                  - id: irreversible-needs-approval
                    when: { tool: { safety: [irreversible] } }
                    effect: ESCALATE
                    reason: irreversible tools need a human approval
                """, "orders.place", "orders.rush");
        shop = orders.shop;
    }

    @AfterAll
    static void stop() throws Exception {
        orders.close();
    }

    @Test
    void anIrreversibleStepWaitsForApprovalSurvivesARestartAndRunsOnceAfterIt() throws Exception {
        String id = orders.submit("orders.place", "/orders/approve", "place an order");

        JsonNode parked = orders.app.awaitStatus(id, "AWAITING_APPROVAL");
        assertThat(parked.path("reason").asText()).contains("waiting for approval of step [0]").contains("/api/approvals/" + id);
        assertThat(shop.effects("/orders/approve")).isZero();
        JsonNode request = orders.openRequestOf(id);
        assertThat(request.path("rule").asText()).isEqualTo("irreversible-needs-approval");
        assertThat(request.path("args").path("body").path("sku").asText()).isEqualTo("A-1");

        orders.app.close();
        orders.app = RunningKortana.start(dataDir, orders.schema, orders.config);
        assertThat(orders.app.getJson("/api/tasks/" + id).path("status").asText()).as("parked across a restart").isEqualTo("AWAITING_APPROVAL");
        assertThat(shop.effects("/orders/approve")).isZero();

        int exit = Kortana.commandLine().execute("approve", id, "--reviewer", "alice", "--comment", "checked the order",
                "--args-hash", request.path("argsHash").asText(), "--url", "http://127.0.0.1:" + orders.app.port());
        assertThat(exit).isZero();
        JsonNode done = orders.app.awaitTerminal(id);

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("outcome").path("humanInterventions").asInt()).as("the approval").isEqualTo(1);
        assertThat(shop.effects("/orders/approve")).isEqualTo(1);
        assertThat(orders.eventNames(id)).containsSubsequence("APPROVAL_REQUESTED", "AWAITING_APPROVAL", "APPROVED", "APPROVAL_USED",
                "STEP_COMPLETED", "COMPLETED").containsOnlyOnce("STEP_STARTED");
    }

    @Test
    void anApprovalDoesNotLetTheStepRunWithOtherArguments() throws Exception {
        String id = orders.submit("orders.place", "/orders/changed", "place an order");
        orders.app.awaitStatus(id, "AWAITING_APPROVAL");
        JsonNode seen = orders.openRequestOf(id);
        orders.replan(id, "B-2"); // the arguments change after the reviewer looked

        assertThat(orders.decide(id, "{\"decision\":\"approve\",\"reviewer\":\"bob\"}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !orders.openRequestOf(id).path("argsHash").asText().equals(seen.path("argsHash").asText()));

        JsonNode again = orders.openRequestOf(id);
        assertThat(orders.app.getJson("/api/tasks/" + id).path("status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(shop.effects("/orders/changed")).as("the approval was for other arguments").isZero();
        assertThat(again.path("args").path("body").path("sku").asText()).isEqualTo("B-2");
        HttpResponse<String> stale = orders.decide(id, "{\"decision\":\"approve\",\"argsHash\":\"" + seen.path("argsHash").asText() + "\"}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("no longer has the arguments you saw");

        assertThat(orders.decide(id, "{\"decision\":\"approve\",\"reviewer\":\"bob\",\"argsHash\":\"" + again.path("argsHash").asText() + "\"}")
                .statusCode()).isEqualTo(200);
        assertThat(orders.app.awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(shop.effects("/orders/changed")).isEqualTo(1);
    }

    @Test
    void aRejectedStepNeverRunsAndTheTaskSaysWhoRejectedIt() throws Exception {
        String id = orders.submit("orders.place", "/orders/rejected", "place an order");
        orders.app.awaitStatus(id, "AWAITING_APPROVAL");

        int exit = Kortana.commandLine().execute("approve", id, "--reject", "--reviewer", "carol", "--comment", "wrong customer",
                "--url", "http://127.0.0.1:" + orders.app.port());

        assertThat(exit).isZero();
        JsonNode done = orders.app.awaitTerminal(id);
        assertThat(done.path("status").asText()).isEqualTo("REJECTED");
        assertThat(done.path("reason").asText()).contains("rejected by carol: wrong customer");
        assertThat(shop.effects("/orders/rejected")).isZero();
    }

    @Test
    void rejectingOneOfTwoWaitingStepsEndsTheTaskAndClosesTheOtherRequest() throws Exception {
        String plan = "[" + order("/orders/first") + "," + order("/orders/second") + "]";
        var accepted = orders.app.postJson("{\"goal\":\"place two orders\",\"plan\":" + plan + "}");
        String id = Json.MAPPER.readTree(accepted.body()).path("taskId").asText();
        orders.app.awaitStatus(id, "AWAITING_APPROVAL");
        await().atMost(Duration.ofSeconds(30)).until(() -> openRequests(id) == 2);

        assertThat(orders.decide(id, "{\"decision\":\"reject\",\"step\":0,\"reviewer\":\"ivan\"}").statusCode()).isEqualTo(200);

        assertThat(orders.app.awaitTerminal(id).path("status").asText()).isEqualTo("REJECTED");
        assertThat(openRequests(id)).as("nothing of an ended task waits for a decision").isZero();
        assertThat(shop.effects("/orders/first") + shop.effects("/orders/second")).isZero();
    }

    private String order(String path) {
        return "{\"tool\":\"orders.place\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url(path)
                + "\",\"body\":{\"sku\":\"A-1\"}}}";
    }

    private long openRequests(String id) throws Exception {
        return StreamSupport.stream(orders.app.getJson("/api/approvals").path("approvals").spliterator(), false)
                .filter(a -> a.path("taskId").asText().equals(id)).count();
    }

    @Test
    void aRejectionStandsAfterThePolicyFileChanged() throws Exception {
        String id = orders.submit("orders.place", "/orders/rejected-late", "place an order");
        orders.app.awaitStatus(id, "AWAITING_APPROVAL");
        long reloads = orders.auditKinds(null).stream().filter("policy-reload"::equals).count();
        Files.writeString(orders.policies, Files.readString(orders.policies) + "# reviewed again\n"); // a new version
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.auditKinds(null).stream().filter("policy-reload"::equals).count() > reloads);

        assertThat(orders.decide(id, "{\"decision\":\"reject\",\"reviewer\":\"grace\"}").statusCode()).isEqualTo(200);

        JsonNode done = orders.app.awaitTerminal(id);
        assertThat(done.path("status").asText()).as("a no is not asked again under the new version").isEqualTo("REJECTED");
        assertThat(done.path("reason").asText()).contains("rejected by grace");
        assertThat(shop.effects("/orders/rejected-late")).isZero();
    }

    @Test
    void anUnansweredRequestTimesOutAndRejectsTheTask() throws Exception {
        String id = orders.submit("orders.rush", "/orders/rush", "place an order");

        JsonNode done = orders.app.awaitTerminal(id);

        assertThat(done.path("status").asText()).isEqualTo("REJECTED");
        assertThat(done.path("reason").asText()).contains("approval timed out").contains("quick-decisions");
        assertThat(shop.effects("/orders/rush")).isZero();
        assertThat(orders.eventNames(id)).contains("APPROVAL_EXPIRED");
    }

    @Test
    void aParkedTaskCanBeCancelledAndAFinishedOneCannot() throws Exception {
        String id = orders.submit("orders.place", "/orders/cancelled", "place an order");
        orders.app.awaitStatus(id, "AWAITING_APPROVAL");

        HttpResponse<String> cancel = orders.app.post("/api/tasks/" + id + "/cancel", "application/json",
                "{\"reviewer\":\"dave\",\"comment\":\"customer withdrew\"}", Map.of());

        assertThat(cancel.statusCode()).isEqualTo(202);
        JsonNode done = orders.app.awaitTerminal(id);
        assertThat(done.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(done.path("reason").asText()).contains("dave").contains("customer withdrew");
        assertThat(shop.effects("/orders/cancelled")).isZero();
        assertThat(orders.app.post("/api/tasks/" + id + "/cancel", "application/json", "", Map.of()).statusCode()).isEqualTo(409);
        assertThat(orders.decide(id, "{\"decision\":\"approve\"}").statusCode()).as("nothing left to approve").isEqualTo(409);
    }

    @Test
    void badDecisionsAreNamed() throws Exception {
        assertThat(orders.decide("no-such-task", "{\"decision\":\"approve\"}").statusCode()).isEqualTo(404);
        String id = orders.submit("orders.place", "/orders/bad", "place an order");
        orders.app.awaitStatus(id, "AWAITING_APPROVAL");
        HttpResponse<String> typo = orders.decide(id, "{\"decision\":\"aprove\"}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("decision").contains("approve");
        assertThat(orders.decide(id, "not json").statusCode()).isEqualTo(400);
        HttpResponse<String> misspelt = orders.decide(id, "{\"decision\":\"approve\",\"argHash\":\"abc\"}");
        assertThat(misspelt.statusCode()).isEqualTo(400);
        assertThat(misspelt.body()).contains("argHash").contains("is not a field of a decision").contains("argsHash");
        assertThat(orders.app.getJson("/api/tasks/" + id).path("status").asText()).as("nothing was decided").isEqualTo("AWAITING_APPROVAL");
        orders.app.post("/api/tasks/" + id + "/cancel", "application/json", "", Map.of());
    }
}
