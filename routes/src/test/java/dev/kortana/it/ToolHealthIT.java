package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool that declares a health check beats: well while its URL answers 2xx, failing (an alert, naming the host and the
 * status, not the URL) while it answers 503, well again when it recovers. A health-check that is not a URL is refused
 * at registration, naming the field.
 */
class ToolHealthIT {

    @TempDir
    Path dir;

    @Test
    void aToolsHealthCheckIsItsHeartbeat() throws Exception {
        String schema = TestDatabase.newSchema();
        try (CountingToolServer tool = new CountingToolServer();
                RunningKortana app = RunningKortana.start(dir.resolve("data"), schema, Map.of(
                        "kortana.tools.http.allowed-hosts", "127.0.0.1:" + tool.port(),
                        "kortana.tools.health-check-ms", "200",
                        "kortana.heartbeat.interval-ms", "200"))) {
            HttpResponse<String> created = app.post("/api/tools", "application/json", "{\"name\":\"orders.place\",\"kind\":\"http\","
                    + "\"description\":\"Places an order\",\"health-check\":\"" + tool.url("/health?token=secret") + "\"}", Map.of());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(20)).until(() -> beat(app) != null && beat(app).path("ok").asBoolean());
            tool.down(true);
            JsonNode failing = await().atMost(Duration.ofSeconds(20)).until(() -> beat(app), b -> b != null && !b.path("ok").asBoolean());
            assertThat(failing.path("detail").asText()).contains("127.0.0.1:" + tool.port()).contains("503").doesNotContain("secret");
            await().atMost(Duration.ofSeconds(20)).until(() -> app.getJson("/api/heartbeats").path("alerts").toString()
                    .contains("tool-health:orders.place"));
            tool.down(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> beat(app).path("ok").asBoolean());

            HttpResponse<String> refused = app.post("/api/tools", "application/json", "{\"name\":\"orders.bad\",\"kind\":\"http\","
                    + "\"description\":\"Places an order\",\"health-check\":\"not a url\"}", Map.of());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("health-check");
        } finally {
            TestDatabase.dropSchema(schema);
        }
    }

    private static JsonNode beat(RunningKortana app) throws Exception {
        return StreamSupport.stream(app.getJson("/api/heartbeats").path("components").spliterator(), false)
                .filter(b -> "tool-health:orders.place".equals(b.path("component").asText())).findFirst().orElse(null);
    }
}
