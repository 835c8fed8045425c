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

    static final String schema = TestDatabase.newSchema();
    static CountingToolServer shop;
    static RunningKortana app;
    static Map<String, String> config;

    @BeforeAll
    static void start() throws Exception {
        shop = new CountingToolServer();
        Path policies = dataDir.resolve("policies.yaml");
        Files.writeString(policies, """
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
                """);
        config = Map.of("kortana.tools.http.allowed-hosts", "127.0.0.1:" + shop.port(),
                "kortana.policy.file", policies.toString(),
                "kortana.approvals.timeout-check-ms", "200");
        app = RunningKortana.start(dataDir, schema, config);
        registerOrderTool("orders.place");
        registerOrderTool("orders.rush");
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        shop.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void anIrreversibleStepWaitsForApprovalSurvivesARestartAndRunsOnceAfterIt() throws Exception {
        String id = submit("orders.place", "/orders/approve");

        JsonNode parked = app.awaitStatus(id, "AWAITING_APPROVAL");
        assertThat(parked.path("reason").asText()).contains("waiting for approval of step [0]").contains("/api/approvals/" + id);
        assertThat(shop.effects("/orders/approve")).isZero();
        JsonNode request = openRequestOf(id);
        assertThat(request.path("rule").asText()).isEqualTo("irreversible-needs-approval");
        assertThat(request.path("args").path("body").path("sku").asText()).isEqualTo("A-1");

        app.close();
        app = RunningKortana.start(dataDir, schema, config);
        assertThat(app.getJson("/api/tasks/" + id).path("status").asText()).as("parked across a restart").isEqualTo("AWAITING_APPROVAL");
        assertThat(shop.effects("/orders/approve")).isZero();

        int exit = Kortana.commandLine().execute("approve", id, "--reviewer", "alice", "--comment", "checked the order",
                "--args-hash", request.path("argsHash").asText(), "--url", "http://127.0.0.1:" + app.port());
        assertThat(exit).isZero();
        JsonNode done = app.awaitTerminal(id);

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(shop.effects("/orders/approve")).isEqualTo(1);
        assertThat(eventNames(id)).containsSubsequence("APPROVAL_REQUESTED", "AWAITING_APPROVAL", "APPROVED", "APPROVAL_USED",
                "STEP_COMPLETED", "COMPLETED").containsOnlyOnce("STEP_STARTED");
    }

    @Test
    void anApprovalDoesNotLetTheStepRunWithOtherArguments() throws Exception {
        String id = submit("orders.place", "/orders/changed");
        app.awaitStatus(id, "AWAITING_APPROVAL");
        JsonNode seen = openRequestOf(id);
        replan(id, "B-2"); // the arguments change after the reviewer looked

        assertThat(decide(id, "{\"decision\":\"approve\",\"reviewer\":\"bob\"}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !openRequestOf(id).path("argsHash").asText().equals(seen.path("argsHash").asText()));

        JsonNode again = openRequestOf(id);
        assertThat(app.getJson("/api/tasks/" + id).path("status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(shop.effects("/orders/changed")).as("the approval was for other arguments").isZero();
        assertThat(again.path("args").path("body").path("sku").asText()).isEqualTo("B-2");
        HttpResponse<String> stale = decide(id, "{\"decision\":\"approve\",\"argsHash\":\"" + seen.path("argsHash").asText() + "\"}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("no longer has the arguments you saw");

        assertThat(decide(id, "{\"decision\":\"approve\",\"reviewer\":\"bob\",\"argsHash\":\"" + again.path("argsHash").asText() + "\"}")
                .statusCode()).isEqualTo(200);
        assertThat(app.awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(shop.effects("/orders/changed")).isEqualTo(1);
    }

    @Test
    void aRejectedStepNeverRunsAndTheTaskSaysWhoRejectedIt() throws Exception {
        String id = submit("orders.place", "/orders/rejected");
        app.awaitStatus(id, "AWAITING_APPROVAL");

        int exit = Kortana.commandLine().execute("approve", id, "--reject", "--reviewer", "carol", "--comment", "wrong customer",
                "--url", "http://127.0.0.1:" + app.port());

        assertThat(exit).isZero();
        JsonNode done = app.awaitTerminal(id);
        assertThat(done.path("status").asText()).isEqualTo("REJECTED");
        assertThat(done.path("reason").asText()).contains("rejected by carol: wrong customer");
        assertThat(shop.effects("/orders/rejected")).isZero();
    }

    @Test
    void anUnansweredRequestTimesOutAndRejectsTheTask() throws Exception {
        String id = submit("orders.rush", "/orders/rush");

        JsonNode done = app.awaitTerminal(id);

        assertThat(done.path("status").asText()).isEqualTo("REJECTED");
        assertThat(done.path("reason").asText()).contains("approval timed out").contains("quick-decisions");
        assertThat(shop.effects("/orders/rush")).isZero();
        assertThat(eventNames(id)).contains("APPROVAL_EXPIRED");
    }

    @Test
    void aParkedTaskCanBeCancelledAndAFinishedOneCannot() throws Exception {
        String id = submit("orders.place", "/orders/cancelled");
        app.awaitStatus(id, "AWAITING_APPROVAL");

        HttpResponse<String> cancel = app.post("/api/tasks/" + id + "/cancel", "application/json",
                "{\"reviewer\":\"dave\",\"comment\":\"customer withdrew\"}", Map.of());

        assertThat(cancel.statusCode()).isEqualTo(202);
        JsonNode done = app.awaitTerminal(id);
        assertThat(done.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(done.path("reason").asText()).contains("dave").contains("customer withdrew");
        assertThat(shop.effects("/orders/cancelled")).isZero();
        assertThat(app.post("/api/tasks/" + id + "/cancel", "application/json", "", Map.of()).statusCode()).isEqualTo(409);
        assertThat(decide(id, "{\"decision\":\"approve\"}").statusCode()).as("nothing left to approve").isEqualTo(409);
    }

    @Test
    void badDecisionsAreNamed() throws Exception {
        assertThat(decide("no-such-task", "{\"decision\":\"approve\"}").statusCode()).isEqualTo(404);
        String id = submit("orders.place", "/orders/bad");
        app.awaitStatus(id, "AWAITING_APPROVAL");
        HttpResponse<String> typo = decide(id, "{\"decision\":\"aprove\"}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("decision").contains("approve");
        assertThat(decide(id, "not json").statusCode()).isEqualTo(400);
        app.post("/api/tasks/" + id + "/cancel", "application/json", "", Map.of());
    }

    private static void registerOrderTool(String name) throws Exception {
        HttpResponse<String> created = app.post("/api/tools", "application/json", "{\"name\":\"" + name + "\",\"kind\":\"http\","
                + "\"description\":\"Places an order; cannot be undone\",\"safety\":[\"irreversible\"]}", Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static String submit(String tool, String path) throws Exception {
        String plan = "[{\"tool\":\"" + tool + "\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url(path)
                + "\",\"body\":{\"sku\":\"A-1\"}}}]";
        HttpResponse<String> accepted = app.postJson("{\"goal\":\"place an order\",\"plan\":" + plan + "}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.MAPPER.readTree(accepted.body()).path("taskId").asText();
    }

    private static HttpResponse<String> decide(String id, String body) throws Exception {
        return app.post("/api/approvals/" + id, "application/json", body, Map.of());
    }

    private static JsonNode openRequestOf(String id) throws Exception {
        JsonNode all = app.getJson("/api/approvals").path("approvals");
        return StreamSupport.stream(all.spliterator(), false).filter(a -> a.path("taskId").asText().equals(id))
                .findFirst().orElse(Json.MAPPER.createObjectNode());
    }

    private static List<String> eventNames(String id) throws Exception {
        return StreamSupport.stream(app.getJson("/api/tasks/" + id + "/events").path("events").spliterator(), false)
                .map(e -> e.path("name").asText()).toList();
    }

    /** What a re-plan does to a stored plan: step 0 gets other arguments. */
    private static void replan(String id, String sku) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url());
                PreparedStatement update = c.prepareStatement("UPDATE " + schema + ".tasks SET plan = jsonb_set(plan,"
                        + " '{0,args,body,sku}', to_jsonb(CAST(? AS text))) WHERE id = ?")) {
            update.setString(1, sku);
            update.setString(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
