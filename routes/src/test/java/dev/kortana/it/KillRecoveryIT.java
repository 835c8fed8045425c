package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged application, killed with SIGKILL while tasks run and started again on the same data dir: every
 * accepted task must finish, and no completed step may run again. Run once with the zero-setup embedded PostgreSQL
 * (whose server outlives the killed JVM and must be taken over) and once with an external PostgreSQL.
 * Everything is checked through the HTTP API, as an operator would.
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
    int port;

    @AfterEach
    void cleanUp() throws Exception {
        if (app != null) {
            app.destroy(); // SIGTERM: a graceful stop also stops the embedded PostgreSQL
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        // Whatever still runs on this test's folders (an orphaned PostgreSQL) goes too.
        ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(dir.toString())).orElse(false))
                .forEach(ProcessHandle::destroy);
        if (slowTool != null) {
            slowTool.stop(0);
        }
        delays.shutdownNow();
        TestDatabase.dropSchema(schema);
    }

    @ParameterizedTest(name = "embedded database: {0}")
    @ValueSource(booleans = {true, false})
    void everyAcceptedTaskFinishesAfterKillNineAndNoCompletedStepRunsTwice(boolean embedded) throws Exception {
        startSlowTool();
        port = Ports.free();
        app = launch("first", embedded);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            ids.add(submit(i));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Map<String, List<JsonNode>> events = events(ids);
            boolean oneDone = events.values().stream().anyMatch(e -> has(e, "COMPLETED", null));
            boolean oneMidStep = events.values().stream().anyMatch(e -> named(e, "STEP_STARTED") > named(e, "STEP_COMPLETED"));
            return oneDone && oneMidStep;
        });

        app.destroyForcibly(); // SIGKILL: no shutdown hooks; leases and (embedded) the database server are left behind
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        app = launch("second", embedded);
        await().atMost(Duration.ofSeconds(90)).until(() -> events(ids).values().stream().allMatch(e -> has(e, "COMPLETED", null)));

        Map<String, List<JsonNode>> events = events(ids);
        long finishedByFirst = events.values().stream().filter(e -> has(e, "COMPLETED", "first")).count();
        long reclaimed = events.values().stream().filter(e -> has(e, "RECLAIMED", "second")).count();
        assertThat(finishedByFirst).as("tasks finished before the kill").isBetween(1L, TASKS - 1L);
        assertThat(reclaimed).as("tasks the restarted worker took over").isEqualTo(TASKS - finishedByFirst);
        for (String id : ids) {
            List<JsonNode> history = events.get(id);
            assertThat(stepStartedAfterItCompleted(history)).as("a completed step of %s ran again", id).isFalse();
            int calls = callsPerTask.getOrDefault(id, new AtomicInteger()).get();
            if (history.stream().anyMatch(e -> isStep(e, "STEP_COMPLETED", 0) && "first".equals(e.path("node").asText()))) {
                assertThat(calls).as("tool calls of %s, whose call finished before the kill", id).isEqualTo(1);
            } else {
                assertThat(calls).as("tool calls of %s", id).isBetween(1, (int) history.stream().filter(e -> isStep(e, "STEP_STARTED", 0)).count());
            }
            assertThat(dir.resolve("data/outbox/files/kill-" + id + ".md")).exists();
        }
    }

    private Map<String, List<JsonNode>> events(List<String> ids) throws Exception {
        Map<String, List<JsonNode>> all = new LinkedHashMap<>();
        for (String id : ids) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/tasks/" + id + "/events")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> list = new ArrayList<>();
            Json.MAPPER.readTree(response.body()).path("events").forEach(list::add);
            all.put(id, list);
        }
        return all;
    }

    private static boolean has(List<JsonNode> events, String name, String node) {
        return events.stream().anyMatch(e -> name.equals(e.path("name").asText()) && (node == null || node.equals(e.path("node").asText())));
    }

    private static long named(List<JsonNode> events, String name) {
        return events.stream().filter(e -> name.equals(e.path("name").asText())).count();
    }

    private static boolean isStep(JsonNode event, String name, int step) {
        return name.equals(event.path("name").asText()) && event.path("detail").path("step").asInt(-1) == step;
    }

    private static boolean stepStartedAfterItCompleted(List<JsonNode> history) {
        List<Integer> completed = new ArrayList<>();
        for (JsonNode e : history) {
            int step = e.path("detail").path("step").asInt(-1);
            if (e.path("name").asText().equals("STEP_COMPLETED")) {
                completed.add(step);
            } else if (e.path("name").asText().equals("STEP_STARTED") && completed.contains(step)) {
                return true;
            }
        }
        return false;
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

    private Process launch(String node, boolean embedded) throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                "kortana.node-id = " + node,
                "kortana.lease.duration-ms = 2000",
                "kortana.lease.heartbeat-ms = 500",
                "kortana.lease.sweep-ms = 300",
                "kortana.lease.sweep-delay-ms = 0",
                "kortana.pipeline.workers = 3",
                "kortana.tools.http.allowed-hosts = 127.0.0.1:" + slowTool.getAddress().getPort()));
        if (!embedded) {
            lines.add("kortana.db.url = " + TestDatabase.url());
            lines.add("kortana.db.schema = " + schema);
        }
        return PackagedKortana.launch(dir, port, node, lines);
    }

    private String submit(int i) throws Exception {
        String id = "kill-task-" + i;
        String url = "http://127.0.0.1:" + slowTool.getAddress().getPort() + "/status/" + i;
        String body = "{\"id\":\"" + id + "\",\"goal\":\"check status " + i + "\",\"plan\":["
                + "{\"tool\":\"http.request\",\"args\":{\"url\":\"" + url + "\"}},"
                + "{\"tool\":\"text.summarize\",\"args\":{\"text\":\"{{steps.0.output}}\",\"sentences\":1}},"
                + "{\"tool\":\"file.write\",\"args\":{\"path\":\"kill-{{taskId}}.md\",\"content\":\"{{steps.1.output}}\"}}]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/tasks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body()).path("taskId").asText();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
