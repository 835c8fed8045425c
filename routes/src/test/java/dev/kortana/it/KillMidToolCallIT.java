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
 * the answer never arrives). The restarted worker must not place it again: the task goes to reconciliation, and
 * after the operator confirms the effect, it completes with the order placed exactly once.
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
    void aCallInFlightAtKillNineIsNotRepeatedAfterRestart() throws Exception {
        tool = new CountingToolServer();
        tool.script("/orders/k", Reply.EFFECT_THEN_HOLD);
        port = Ports.free();
        app = launch("first");
        String id = submit();
        assertThat(tool.awaitHolding(60)).as("the order call reached the tool").isTrue();

        app.destroyForcibly();
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        tool.release(); // the answer goes nowhere: the effect happened, the worker never learnt it
        app = launch("second");

        JsonNode failed = awaitTerminal(id);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("reason").asText()).startsWith("RECONCILIATION_NEEDED").contains("the worker stopped during the call");
        assertThat(tool.effects("/orders/k")).isEqualTo(1);
        long deadLetter = Json.MAPPER.readTree(get("/api/dead-letters").body()).path("deadLetters").get(0).path("id").asLong();

        HttpResponse<String> replay = http.send(HttpRequest.newBuilder(uri("/api/dead-letters/" + deadLetter + "/replay"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"resolve\":\"done\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        JsonNode done = awaitTerminal(id);

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(tool.effects("/orders/k")).as("orders placed").isEqualTo(1);
        assertThat(tool.requests()).as("calls that reached the tool").isEqualTo(1);
    }

    private JsonNode awaitTerminal(String id) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> Json.MAPPER.readTree(get("/api/tasks/" + id).body()),
                t -> List.of("COMPLETED", "FAILED", "REJECTED").contains(t.path("status").asText()));
    }

    private String submit() throws Exception {
        String body = "{\"id\":\"kill-order\",\"goal\":\"place an order\",\"plan\":[{\"tool\":\"http.request\",\"args\":"
                + "{\"method\":\"POST\",\"url\":\"" + tool.url("/orders/k") + "\",\"body\":{\"sku\":\"K-9\"}}}]}";
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
