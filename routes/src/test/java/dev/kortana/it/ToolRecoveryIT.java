package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.it.CountingToolServer.Reply;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call that placed an order but whose answer was lost (500 after the effect) is settled by the system where the tool
 * allows it: a tool that honours idempotency keys is sent the call again with the same key; a tool with a reconcile
 * check is asked. Each ends COMPLETED with exactly one order and no person; each resolution is in the audit log. A tool
 * with neither parks the task AWAITING_RECONCILIATION, which survives a restart and resumes on a person's answer.
 */
class ToolRecoveryIT {

    @TempDir
    static Path dataDir;

    static final String schema = TestDatabase.newSchema();
    static CountingToolServer shop;
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        shop = new CountingToolServer();
        app = startApp();
        register("{\"name\":\"orders.keyed\",\"kind\":\"http\",\"description\":\"Places an order; honours Idempotency-Key\","
                + "\"honours-idempotency-key\":true}");
        register("{\"name\":\"orders.checked\",\"kind\":\"http\",\"description\":\"Places an order; can be looked up\","
                + "\"reconcile\":{\"url\":\"" + shop.url("/lookup?key={{key}}") + "\"}}");
        register("{\"name\":\"orders.plain\",\"kind\":\"http\",\"description\":\"Places an order\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        shop.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aToolThatHonoursIdempotencyKeysIsSentTheCallAgainWithTheSameKey() throws Exception {
        shop.script("/keyed/a", Reply.EFFECT_THEN_500);
        int keysBefore = shop.idempotencyKeys().size();

        JsonNode done = app.awaitTerminal(submit("orders.keyed", "/keyed/a"));

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(shop.effects("/keyed/a")).as("orders placed").isEqualTo(1);
        List<String> keys = shop.idempotencyKeys().subList(keysBefore, shop.idempotencyKeys().size());
        assertThat(keys).hasSize(2).containsOnly(keys.get(0));
        assertThat(done.path("steps").get(0).path("output").path("text").asText()).contains("\"order\":1");
        JsonNode call = done.path("toolCalls").get(0);
        assertThat(call.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(call.path("attempts").asInt()).as("the attempt that settled it").isEqualTo(2);
        assertThat(events(done)).doesNotContain("RECONCILIATION_NEEDED");
        assertThat(done.path("outcome").path("humanInterventions").asInt()).isZero();
        assertThat(resolutions(done, 1)).containsExactly("resent-with-idempotency-key");
    }

    @Test
    void aToolWithAReconcileCheckIsAskedWhetherTheCallHappened() throws Exception {
        shop.script("/orders/c", Reply.EFFECT_THEN_500);

        JsonNode done = app.awaitTerminal(submit("orders.checked", "/orders/c"));

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(shop.effects("/orders/c")).isEqualTo(1);
        assertThat(done.path("steps").get(0).path("output").path("text").asText()).endsWith("(looked up)");
        assertThat(done.path("toolCalls").get(0).path("resolvedBy").asText()).isEqualTo("reconcile: the reconcile URL on 127.0.0.1");
        assertThat(resolutions(done, 1)).containsExactly("reconciled-happened");
    }

    @Test
    void aToolWithNeitherParksTheTaskForAPersonAcrossARestart() throws Exception {
        shop.script("/orders/p", Reply.EFFECT_THEN_500);
        String id = submit("orders.plain", "/orders/p");
        app.awaitStatus(id, "AWAITING_RECONCILIATION");

        app.close();
        app = startApp();
        // The new instance's sweeper runs every 200 ms: a parked task belongs to nobody and stays parked.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(
                () -> app.getJson("/api/tasks/" + id).path("status").asText().equals("AWAITING_RECONCILIATION"));

        HttpResponse<String> answered = app.post("/api/tasks/" + id + "/reconciliation", "application/json",
                "{\"happened\":true,\"comment\":\"order found in the shop's back office\"}", Map.of());
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        JsonNode done = app.awaitTerminal(id);

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(shop.effects("/orders/p")).isEqualTo(1);
        assertThat(done.path("toolCalls").get(0).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("outcome").path("humanInterventions").asInt()).as("the person's answer").isEqualTo(1);
        assertThat(events(done)).containsSubsequence("RECONCILIATION_NEEDED", "AWAITING_RECONCILIATION", "RECONCILED", "COMPLETED");
        assertThat(resolutions(done, 0)).isEmpty();
    }

    @Test
    void twoCallsOfUnknownOutcomeAreAnsweredOneStepAtATime() throws Exception {
        shop.script("/orders/x", Reply.EFFECT_THEN_500);
        shop.script("/orders/y", Reply.EFFECT_THEN_500);
        String plan = "[" + step("/orders/x") + "," + step("/orders/y") + "]"; // independent: they run side by side
        HttpResponse<String> accepted = app.postJson("{\"goal\":\"place two orders\",\"plan\":" + plan + "}");
        String id = Json.MAPPER.readTree(accepted.body()).path("taskId").asText();
        app.awaitStatus(id, "AWAITING_RECONCILIATION");

        HttpResponse<String> which = answer(id, "{\"happened\":true}");
        assertThat(which.statusCode()).isEqualTo(400);
        assertThat(which.body()).contains("step").contains("several calls wait");

        assertThat(answer(id, "{\"happened\":true,\"step\":0}").statusCode()).isEqualTo(200);
        JsonNode again = app.awaitStatus(id, "AWAITING_RECONCILIATION");
        assertThat(again.path("toolCalls").findValuesAsText("status")).containsExactlyInAnyOrder("COMPLETED", "UNKNOWN");
        assertThat(answer(id, "{\"happened\":true,\"step\":1}").statusCode()).isEqualTo(200);
        JsonNode done = app.awaitTerminal(id);

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(shop.effects("/orders/x") + shop.effects("/orders/y")).as("orders placed").isEqualTo(2);
        assertThat(done.path("outcome").path("humanInterventions").asInt()).isEqualTo(2);
    }

    private static String step(String path) {
        return "{\"tool\":\"orders.plain\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url(path)
                + "\",\"body\":{\"sku\":\"A-1\"}}}";
    }

    private static HttpResponse<String> answer(String id, String body) throws Exception {
        return app.post("/api/tasks/" + id + "/reconciliation", "application/json", body, Map.of());
    }

    private static RunningKortana startApp() throws Exception {
        return RunningKortana.start(dataDir, schema, Map.of("kortana.tools.http.allowed-hosts", "127.0.0.1:" + shop.port(),
                "kortana.lease.sweep-ms", "200", "kortana.lease.sweep-delay-ms", "0"));
    }

    private static void register(String tool) throws Exception {
        HttpResponse<String> created = app.post("/api/tools", "application/json", tool, Map.of());
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
    }

    private static String submit(String tool, String path) throws Exception {
        String plan = "[{\"tool\":\"" + tool + "\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url(path)
                + "\",\"body\":{\"sku\":\"A-1\"}}}]";
        HttpResponse<String> accepted = app.postJson("{\"goal\":\"place an order\",\"plan\":" + plan + "}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.MAPPER.readTree(accepted.body()).path("taskId").asText();
    }

    private static List<String> events(JsonNode task) throws Exception {
        List<String> names = new ArrayList<>();
        app.getJson("/api/tasks/" + task.path("taskId").asText() + "/events").path("events")
                .forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    /** The automatic resolutions the audit log has for the task (written by a batch writer, so waited for). */
    private static List<String> resolutions(JsonNode task, int expected) {
        String id = task.path("taskId").asText();
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<String> found = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(TestDatabase.url());
                    PreparedStatement q = c.prepareStatement("SELECT body FROM " + schema + ".audit_log"
                            + " WHERE task_id = ? AND kind = 'tool-call-resolved' ORDER BY seq")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        found.add(Json.MAPPER.readTree(rs.getString(1)).path("detail").path("resolution").asText());
                    }
                }
            }
            return found;
        }, found -> found.size() >= expected);
    }
}
