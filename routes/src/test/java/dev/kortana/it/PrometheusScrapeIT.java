package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package; {@code .ci/run} installs it) scrapes {@code /observe/metrics} of a running
 * Kor'tana with no error and finds its task counters, and {@code promtool check metrics} finds nothing to say about
 * the exposition. Outside CI the test is skipped when Prometheus is not installed; under {@code CI=true} it fails.
 */
class PrometheusScrapeIT {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path dir;

    final String schema = TestDatabase.newSchema();
    final HttpClient http = HttpClient.newHttpClient();
    RunningKortana app;
    Process prometheus;

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (app != null) {
            app.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void prometheusScrapesWithoutErrorAndPromtoolFindsNothingToSay() throws Exception {
        boolean installed = Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
        assertThat(installed || !"true".equals(System.getenv("CI")))
                .as("CI=true and this test needs Debian's prometheus (apt-get install prometheus; .ci/run installs it)").isTrue();
        org.junit.jupiter.api.Assumptions.assumeTrue(installed, "needs Debian's prometheus package");
        app = RunningKortana.start(dir.resolve("data"), schema, Map.of());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(Json.MAPPER.readTree(app.postJson("{\"goal\":\"summarize the metrics note " + i + "\"}").body())
                    .path("taskId").asText());
        }
        ids.forEach(id -> assertThat(app.awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED"));

        String exposition = app.get("/observe/metrics").body();
        Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(said).as("promtool check metrics").isEmpty();
        assertThat(check.exitValue()).isZero();
        assertThat(exposition).as("stage durations, policy decisions, what waits, takeovers")
                .contains("kortana_stage_duration_seconds_count{", "kortana_policy_decisions_total{", "kortana_approvals_waiting ",
                        "kortana_dead_letters_open ", "kortana_memories ", "kortana_lease_takeovers_total ", "kortana_alerts_open ",
                        "gen_ai_client_operation_duration_seconds_count{", "kortana_step_duration_seconds_count{");

        int port = Ports.free();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: kortana
                    metrics_path: /observe/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(app.port()));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

        JsonNode target = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(
                () -> query(port, "/api/v1/targets").path("data").path("activeTargets").path(0),
                t -> "up".equals(t.path("health").asText()));
        assertThat(target.path("lastError").asText()).isEmpty();
        JsonNode finished = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(
                () -> query(port, "/api/v1/query?query=" + URLEncoder.encode("sum(kortana_tasks_finished_total{status=\"COMPLETED\"})",
                        StandardCharsets.UTF_8)).path("data").path("result"),
                r -> r.size() == 1);
        assertThat(finished.path(0).path("value").path(1).asDouble()).as("tasks Prometheus saw completed").isEqualTo(3.0);
    }

    private JsonNode query(int port, String path) throws Exception {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : Json.MAPPER.createObjectNode();
        } catch (java.io.IOException e) {
            return Json.MAPPER.createObjectNode(); // not listening yet
        }
    }
}
