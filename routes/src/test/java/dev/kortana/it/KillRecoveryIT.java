package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application, killed with SIGKILL while tasks run and started again on the same data dir and
 * database: every accepted task must finish, and no completed step may run again.
 */
class KillRecoveryIT {

    private static final int TASKS = 12;

    @TempDir
    Path dir;

    final String schema = TestDatabase.newSchema();
    final Map<String, AtomicInteger> callsPerTask = new ConcurrentHashMap<>();
    final ScheduledExecutorService delays = Executors.newScheduledThreadPool(4);
    final HttpClient http = HttpClient.newHttpClient();
    HttpServer slowTool;
    Process app;

    @AfterEach
    void cleanUp() {
        if (app != null) {
            app.destroyForcibly();
        }
        if (slowTool != null) {
            slowTool.stop(0);
        }
        delays.shutdownNow();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void everyAcceptedTaskFinishesAfterKillNineAndNoCompletedStepRunsTwice() throws Exception {
        startSlowTool();
        int port = Ports.free();
        Path config = writeConfig();
        app = launch(port, config, "first");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            ids.add(submit(port, i));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                count("SELECT count(*) FROM tasks WHERE status = 'COMPLETED'") >= 1
                        && count("SELECT count(*) FROM task_events WHERE name = 'STEP_STARTED'") > count("SELECT count(*) FROM steps"));
        app.destroyForcibly(); // SIGKILL: no shutdown hooks, leases are left behind
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long completedBeforeKill = count("SELECT count(*) FROM tasks WHERE status = 'COMPLETED'");
        List<String> toolDoneBeforeKill = TestStore.rows(schema, "SELECT task_id FROM steps WHERE step_index = 0");
        assertThat(completedBeforeKill).isLessThan(TASKS);

        app = launch(port, config, "second");
        await().atMost(Duration.ofSeconds(90)).until(() ->
                count("SELECT count(*) FROM tasks WHERE status IN ('COMPLETED','FAILED','REJECTED','CANCELLED')") == TASKS);

        assertThat(count("SELECT count(*) FROM tasks WHERE status = 'COMPLETED'")).isEqualTo(TASKS);
        assertThat(count("SELECT count(*) FROM task_events WHERE name = 'RECLAIMED'")).isEqualTo(TASKS - completedBeforeKill);
        assertThat(count("SELECT count(*) FROM tasks WHERE id = ANY('{" + String.join(",", ids) + "}')")).isEqualTo(TASKS);
        // No step started again after it had completed.
        assertThat(count("SELECT count(*) FROM task_events s JOIN task_events c ON c.task_id = s.task_id"
                + " AND c.name = 'STEP_COMPLETED' AND s.name = 'STEP_STARTED'"
                + " AND c.detail->>'step' = s.detail->>'step' AND s.seq > c.seq")).isZero();
        // A tool call finished before the kill is never made again; only a call the kill interrupted is repeated.
        for (String id : ids) {
            int calls = callsPerTask.getOrDefault(id, new AtomicInteger()).get();
            long starts = count("SELECT count(*) FROM task_events WHERE task_id = '" + id
                    + "' AND name = 'STEP_STARTED' AND detail->>'step' = '0'");
            if (toolDoneBeforeKill.contains(id)) {
                assertThat(calls).as("tool calls of %s, completed before the kill", id).isEqualTo(1);
            } else {
                assertThat(calls).as("tool calls of %s", id).isBetween(1, (int) starts);
            }
            assertThat(Files.exists(dir.resolve("data/outbox/files/kill-" + id + ".md"))).isTrue();
        }
    }

    private void startSlowTool() throws IOException {
        slowTool = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowTool.setExecutor(Executors.newFixedThreadPool(8));
        slowTool.createContext("/", exchange -> {
            String task = exchange.getRequestHeaders().getFirst("X-Kortana-Task");
            callsPerTask.computeIfAbsent(task, t -> new AtomicInteger()).incrementAndGet();
            // Answer after 400 ms so the kill finds calls in flight.
            delays.schedule(() -> {
                byte[] body = ("Status for " + task + " is green. All checks passed.").getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return null;
            }, 400, TimeUnit.MILLISECONDS);
        });
        slowTool.start();
    }

    private Path writeConfig() throws IOException {
        Path config = dir.resolve("kill.properties");
        Files.writeString(config, String.join("\n",
                "kortana.db.url = " + TestDatabase.url(),
                "kortana.db.schema = " + schema,
                "kortana.lease.duration-ms = 2000",
                "kortana.lease.heartbeat-ms = 500",
                "kortana.lease.sweep-ms = 300",
                "kortana.lease.sweep-delay-ms = 0",
                "kortana.pipeline.workers = 3",
                "kortana.tools.http.allowed-hosts = 127.0.0.1:" + slowTool.getAddress().getPort(),
                ""));
        return config;
    }

    private Process launch(int port, Path config, String name) throws Exception {
        String jar = System.getProperty("kortana.jar", "target/kortana.jar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "run", "--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString(),
                "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kor'tana exited: " + Files.readString(dir.resolve(name + ".log")));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return process;
    }

    private String submit(int port, int i) throws Exception {
        String id = "kill-task-" + i;
        String url = "http://127.0.0.1:" + slowTool.getAddress().getPort() + "/status/" + i;
        String body = "{\"id\":\"" + id + "\",\"goal\":\"check status " + i + "\",\"plan\":["
                + "{\"tool\":\"http.request\",\"args\":{\"url\":\"" + url + "\"}},"
                + "{\"tool\":\"text.summarize\",\"args\":{\"text\":\"{{steps.0.output}}\",\"sentences\":1}},"
                + "{\"tool\":\"file.write\",\"args\":{\"path\":\"kill-{{taskId}}.md\",\"content\":\"{{steps.1.output}}\"}}]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tasks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body()).path("taskId").asText();
    }

    private long count(String sql) throws Exception {
        return TestStore.count(schema, sql);
    }
}
