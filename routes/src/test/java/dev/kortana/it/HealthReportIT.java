package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.kortana.cli.Kortana;
import dev.kortana.contracts.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./kortana health-report} gathers readiness, heartbeats and autonomy into one JSON document, writes it to a
 * file and POSTs it to a webhook, and exits 0 for a healthy Kor'tana and 1 once an alert is open.
 */
class HealthReportIT {

    @TempDir
    Path dir;

    @Test
    void reportsAHealthyInstanceToAFileAndAWebhookAndFailsOnceAnAlertIsOpen() throws Exception {
        String schema = TestDatabase.newSchema();
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/health", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try (RunningKortana app = RunningKortana.start(dir.resolve("data"), schema, Map.of("kortana.heartbeat.interval-ms", "200"))) {
            org.awaitility.Awaitility.await().until(() -> app.getJson("/api/heartbeats").path("components").size() >= 3);
            Path file = dir.resolve("health.json");

            int exit = run(app.port(), "--out", file.toString(), "--webhook", "http://127.0.0.1:" + hook.getAddress().getPort() + "/health");

            assertThat(exit).isZero();
            JsonNode report = Json.MAPPER.readTree(Files.readString(file));
            assertThat(report.path("healthy").asBoolean()).isTrue();
            assertThat(report.path("ready").asBoolean()).isTrue();
            assertThat(report.path("heartbeats").path("components").findValuesAsText("component")).contains("database");
            assertThat(report.path("autonomy").has("autonomyIndex")).isTrue();
            assertThat(posted).singleElement().satisfies(body -> assertThat(Json.MAPPER.readTree(body)).isEqualTo(report));

            try (var c = java.sql.DriverManager.getConnection(TestDatabase.url()); var s = c.createStatement()) {
                s.execute("INSERT INTO " + schema + ".heartbeats (node, component, status, detail) VALUES ('other', 'memory-index',"
                        + " 'failing', 'cannot be written')");
            }
            org.awaitility.Awaitility.await().until(() -> app.getJson("/api/heartbeats").path("alerts").size() == 1);
            StringWriter out = new StringWriter();
            int unhealthy = run(out, app.port());
            assertThat(unhealthy).isEqualTo(1);
            assertThat(Json.MAPPER.readTree(out.toString()).path("heartbeats").path("alerts").get(0).path("component").asText())
                    .isEqualTo("memory-index");
        } finally {
            hook.stop(0);
            TestDatabase.dropSchema(schema);
        }
    }

    private static int run(int port, String... more) {
        return run(new StringWriter(), port, more);
    }

    private static int run(StringWriter out, int port, String... more) {
        CommandLine cli = Kortana.commandLine();
        cli.setOut(new PrintWriter(out));
        String[] args = new String[3 + more.length];
        args[0] = "health-report";
        args[1] = "--url";
        args[2] = "http://127.0.0.1:" + port;
        System.arraycopy(more, 0, args, 3, more.length);
        return cli.execute(args);
    }
}
