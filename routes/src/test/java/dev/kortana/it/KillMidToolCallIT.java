package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.it.CountingToolServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application is killed with SIGKILL while a non-idempotent call is in flight (the order is placed,
 * the answer never arrives). The restarted worker must not place it twice. A tool that honours idempotency keys is
 * sent the call again with the same key, and a tool with a reconcile check is asked: both complete with one order and
 * no person. A tool with neither parks the task until the operator confirms the effect.
 */
class KillMidToolCallIT {

    @TempDir
    Path dir;

    final String schema = TestDatabase.newSchema();
    final HttpClient http = HttpClient.newHttpClient();
    CountingToolServer tool;
    Process app;
    int port;

    @AfterEach
    void cleanUp() throws Exception {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        if (tool != null) {
            tool.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aCallInFlightAtKillNineParksForAPersonAndIsNotRepeatedAfterRestart() throws Exception {
        JsonNode parked = killMidCall("http.request", "/orders/k", "AWAITING_RECONCILIATION");
        assertThat(parked.path("reason").asText()).startsWith("RECONCILIATION_NEEDED").contains("the worker stopped during the call");
        assertThat(tool.effects("/orders/k")).isEqualTo(1);

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/tasks/kill-order/reconciliation"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"happened\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode done = awaitTerminal("kill-order");

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(tool.effects("/orders/k")).as("orders placed").isEqualTo(1);
        assertThat(tool.requests()).as("calls that reached the tool").isEqualTo(1);
    }

    @Test
    void aToolThatHonoursIdempotencyKeysIsSentTheCallAgainAfterKillNineWithNoPerson() throws Exception {
        JsonNode done = killMidCall("orders.keyed", "/keyed/k", "COMPLETED");

        assertThat(tool.effects("/keyed/k")).as("orders placed").isEqualTo(1);
        assertThat(tool.idempotencyKeys()).hasSize(2).containsOnly(tool.idempotencyKeys().get(0));
        assertThat(done.path("toolCalls").get(0).path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void aToolWithAReconcileCheckIsAskedAfterKillNineWithNoPerson() throws Exception {
        JsonNode done = killMidCall("orders.checked", "/orders/k", "COMPLETED");

        assertThat(tool.effects("/orders/k")).as("orders placed").isEqualTo(1);
        assertThat(done.path("steps").get(0).path("output").path("text").asText()).endsWith("(looked up)");
    }

    /** Places an order with {@code toolName} that the tool holds, kills the instance, restarts it; the task's view at {@code status}. */
    private JsonNode killMidCall(String toolName, String path, String status) throws Exception {
        tool = new CountingToolServer();
        tool.script(path, Reply.EFFECT_THEN_HOLD);
        port = Ports.free();
        app = launch("first");
        register("{\"name\":\"orders.keyed\",\"kind\":\"http\",\"description\":\"Places an order\",\"honours-idempotency-key\":true}");
        register("{\"name\":\"orders.checked\",\"kind\":\"http\",\"description\":\"Places an order\","
                + "\"reconcile\":{\"url\":\"" + tool.url("/lookup?key={{key}}") + "\"}}");
        submit(toolName, path);
        assertThat(tool.awaitHolding(60)).as("the order call reached the tool").isTrue();

        app.destroyForcibly();
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        tool.release(); // the answer goes nowhere: the effect happened, the worker never learnt it
        app = launch("second");

        return await().atMost(Duration.ofSeconds(90)).until(() -> Json.MAPPER.readTree(get("/api/tasks/kill-order").body()),
                t -> status.equals(t.path("status").asText()) || List.of("FAILED", "REJECTED").contains(t.path("status").asText()));
    }

    private void register(String json) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/api/tools")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
    }

    private JsonNode awaitTerminal(String id) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> Json.MAPPER.readTree(get("/api/tasks/" + id).body()),
                t -> List.of("COMPLETED", "FAILED", "REJECTED").contains(t.path("status").asText()));
    }

    private String submit(String toolName, String path) throws Exception {
        String body = "{\"id\":\"kill-order\",\"goal\":\"place an order\",\"plan\":[{\"tool\":\"" + toolName + "\",\"args\":"
                + "{\"method\":\"POST\",\"url\":\"" + tool.url(path) + "\",\"body\":{\"sku\":\"K-9\"}}}]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/tasks")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        return "kill-order";
    }

    private Process launch(String node) throws Exception {
        return PackagedKortana.launch(dir, port, node, List.of(
                "kortana.node-id = " + node,
                "kortana.lease.duration-ms = 2000",
                "kortana.lease.heartbeat-ms = 500",
                "kortana.lease.sweep-ms = 300",
                "kortana.lease.sweep-delay-ms = 0",
                "kortana.db.url = " + TestDatabase.url(),
                "kortana.db.schema = " + schema,
                "kortana.tools.http.allowed-hosts = 127.0.0.1:" + tool.port()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
