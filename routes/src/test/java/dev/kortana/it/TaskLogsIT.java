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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code KORTANA_LOG_FORMAT=json} the packaged Kor'tana writes one JSON object per line, and every line about a
 * task carries the task's id in the MDC: on the pipeline's threads, the tool workers', and the sweeper's timer thread
 * that resumes a task put aside for a tool that was down.
 */
class TaskLogsIT {

    @TempDir
    Path dir;

    final String schema = TestDatabase.newSchema();
    final HttpClient http = HttpClient.newHttpClient();
    CountingToolServer tool;
    Process app;

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
    void jsonLinesCarryTheTaskIdOnEveryLineAboutTheTask() throws Exception {
        tool = new CountingToolServer();
        tool.script("/stock", Reply.UNAVAILABLE, Reply.UNAVAILABLE, Reply.UNAVAILABLE);
        int port = Ports.free();
        app = PackagedKortana.launch(dir, port, "n0", List.of(
                "kortana.db.url = " + TestDatabase.url(),
                "kortana.db.schema = " + schema,
                "kortana.lease.sweep-ms = 300",
                "kortana.lease.sweep-delay-ms = 0",
                "kortana.tools.breaker.cooldown-ms = 500",
                "kortana.tools.http.allowed-hosts = 127.0.0.1:" + tool.port()), List.of("env", "KORTANA_LOG_FORMAT=json"));
        String body = "{\"id\":\"logged-1\",\"goal\":\"check the stock\",\"plan\":[{\"tool\":\"http.request\",\"args\":"
                + "{\"url\":\"" + tool.url("/stock") + "\"}}]}";
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tasks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        Path log = dir.resolve("n0.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("Task logged-1 ended COMPLETED"));

        List<JsonNode> about = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = Json.MAPPER.readTree(line); // every line is one JSON object
            assertThat(entry.path("level").isTextual()).as(line).isTrue();
            if (entry.path("formattedMessage").asText().contains("logged-1")) {
                about.add(entry);
            }
        }
        assertThat(about).extracting(e -> e.path("mdc").path("KortanaTaskId").asText()).as("the task id on each line about it")
                .containsOnly("logged-1");
        assertThat(about).extracting(e -> e.path("formattedMessage").asText())
                .anySatisfy(m -> assertThat(m).startsWith("Task logged-1 waits"))
                .anySatisfy(m -> assertThat(m).startsWith("Resuming task logged-1: its wait is over"))
                .anySatisfy(m -> assertThat(m).isEqualTo("Task logged-1 ended COMPLETED"));
        assertThat(about).filteredOn(e -> e.path("formattedMessage").asText().startsWith("Task logged-1 ended"))
                .allSatisfy(e -> assertThat(e.path("mdc").path("KortanaTenant").asText()).isEqualTo("default"));
    }
}
