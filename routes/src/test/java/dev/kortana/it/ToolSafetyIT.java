package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool safety rules seen from the HTTP API: every refusal is recorded on the task (its reason or the failed step's
 * error names why) and nothing reaches the place it was refused. Servers: {@code redirecting} (allowed, redirects off
 * the list), {@code offList} (never allowed), {@code loopback} (allowed only as {@code localhost:port}, never by
 * address) and {@code slow} (allowed; holds each request until two are in flight).
 */
class ToolSafetyIT {

    @TempDir
    static Path dataDir;

    static final String schema = TestDatabase.newSchema();
    static final AtomicInteger offListRequests = new AtomicInteger();
    static final AtomicInteger loopbackRequests = new AtomicInteger();
    static final AtomicInteger inFlight = new AtomicInteger();
    static final AtomicInteger maxInFlight = new AtomicInteger();
    static final CountDownLatch bothArrived = new CountDownLatch(2);
    static HttpServer redirecting;
    static HttpServer offList;
    static HttpServer loopback;
    static HttpServer slow;
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        offList = server(counting(offListRequests));
        loopback = server(counting(loopbackRequests));
        redirecting = server(exchange -> {
            exchange.getResponseHeaders().add("Location", url(offList, "/steal"));
            answer(exchange, 302);
        });
        slow = server(ToolSafetyIT::holdUntilTwoAreInFlight);
        app = RunningKortana.start(dataDir, schema, Map.of(
                "kortana.tools.http.allowed-hosts", "127.0.0.1:" + port(redirecting) + ",localhost:" + port(loopback)
                        + ",127.0.0.1:" + port(slow),
                "kortana.caps.max-steps", "4"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        Stream.of(redirecting, offList, loopback, slow).forEach(s -> s.stop(0));
        TestDatabase.dropSchema(schema);
    }

    @Test
    void redirectToAHostOffTheAllowlistIsRefusedAndNeverFollowed() throws Exception {
        JsonNode task = run(step("http.request", "{\"url\":\"" + url(redirecting, "/go") + "\"}"));

        assertThat(task.path("status").asText()).isEqualTo("FAILED");
        assertThat(failedStepError(task)).contains("redirect from 127.0.0.1 to 127.0.0.1:" + port(offList) + " refused")
                .contains("kortana.tools.http.allowed-hosts");
        assertThat(task.path("reason").asText()).contains("redirect");
        assertThat(offListRequests).hasValue(0);
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedUnlessTheAddressIsAllowed() throws Exception {
        JsonNode task = run(step("http.request", "{\"url\":\"http://localhost:" + port(loopback) + "/x\"}"));

        assertThat(task.path("status").asText()).as("the plan-time name check passed, the call-time address check did not")
                .isEqualTo("FAILED");
        assertThat(failedStepError(task)).contains("host localhost:" + port(loopback) + " resolves to 127.0.0.1 (loopback)")
                .contains("add 127.0.0.1:" + port(loopback));
        assertThat(loopbackRequests).hasValue(0);
    }

    @Test
    void aHostOffTheAllowlistIsRejectedBeforeAnythingRuns() throws Exception {
        JsonNode task = run(step("http.request", "{\"url\":\"" + url(offList, "/") + "\"}"));

        assertThat(task.path("status").asText()).isEqualTo("REJECTED");
        assertThat(task.path("reason").asText()).contains("http-host-allowlist").contains("host 127.0.0.1 is not on");
        assertThat(task.path("steps")).isEmpty();
        assertThat(offListRequests).hasValue(0);
    }

    @Test
    void fileWritesCannotLeaveTheSandbox() throws Exception {
        Path outside = Files.createDirectories(dataDir.resolve("outside"));
        Path sandbox = Files.createDirectories(dataDir.resolve("outbox/files"));
        Files.createSymbolicLink(sandbox.resolve("link"), outside);
        Path absolute = Path.of(System.getProperty("java.io.tmpdir"), "kortana-escape-" + UUID.randomUUID() + ".md");

        JsonNode climbing = run(step("file.write", "{\"path\":\"../escape.md\",\"content\":\"x\"}"));
        JsonNode rooted = run(step("file.write", "{\"path\":\"" + absolute + "\",\"content\":\"x\"}"));
        JsonNode linked = run(step("file.write", "{\"path\":\"link/x.md\",\"content\":\"x\"}"));

        assertThat(List.of(climbing, rooted, linked)).extracting(t -> t.path("status").asText()).containsOnly("FAILED");
        assertThat(climbing.path("reason").asText()).contains("'../escape.md' leads out of the sandbox folder");
        assertThat(rooted.path("reason").asText()).contains("must be relative to the sandbox folder");
        assertThat(linked.path("reason").asText()).contains("'link/x.md' leads out of the sandbox through a symbolic link");
        assertThat(dataDir.resolve("outbox/escape.md")).doesNotExist();
        assertThat(absolute).doesNotExist();
        try (Stream<Path> created = Files.list(outside)) {
            assertThat(created).isEmpty();
        }
    }

    @Test
    void anUnknownToolIsRejectedNamingTheRegisteredTools() throws Exception {
        JsonNode task = run(step("no.such.tool", "{}"));

        assertThat(task.path("status").asText()).isEqualTo("REJECTED");
        assertThat(task.path("reason").asText()).contains("unknown-tool").contains("'no.such.tool'").contains("http.request");
        assertThat(task.path("steps")).isEmpty();
    }

    @Test
    void argumentsThatBreakTheToolSchemaFailTheStepNamingTheField() throws Exception {
        JsonNode task = run(step("file.write", "{\"path\":5,\"content\":\"x\"}"));

        assertThat(task.path("status").asText()).isEqualTo("FAILED");
        assertThat(failedStepError(task)).contains("args-schema of file.write").contains("/path");
        assertThat(task.path("reason").asText()).contains("args-schema").contains("/path");
    }

    @Test
    void aPlanOverTheStepCapIsRefusedWhenSentNamingTheCap() throws Exception {
        String search = step("memory.search", "{\"query\":\"kafka\"}");
        HttpResponse<String> response = app.postJson("{\"id\":\"over-the-cap\",\"goal\":\"test a tool safety rule\",\"plan\":["
                + String.join(",", search, search, search, search, search) + "]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"/plan\"").contains("has 5 steps, more than kortana.caps.max-steps (4)");
        assertThat(app.get("/api/tasks/over-the-cap").statusCode()).as("nothing stored").isEqualTo(404);
    }

    @Test
    void independentStepsRunInParallel() throws Exception {
        String fetch = step("http.request", "{\"url\":\"" + url(slow, "/slow") + "\"}");
        String summary = "{\"tool\":\"text.summarize\",\"args\":{\"text\":\"{{steps.0.output}}\"},\"dependsOn\":[0,1]}";
        JsonNode task = run(String.join(",", fetch, fetch, summary));

        assertThat(task.path("status").asText()).as(task.path("reason").asText()).isEqualTo("COMPLETED");
        assertThat(maxInFlight).as("requests to the slow server at the same time").hasValue(2);
        List<JsonNode> events = new ArrayList<>();
        app.getJson("/api/tasks/" + task.path("taskId").asText() + "/events").path("events").forEach(events::add);
        assertThat(indexOf(events, "STEP_STARTED", 2))
                .isGreaterThan(indexOf(events, "STEP_COMPLETED", 0))
                .isGreaterThan(indexOf(events, "STEP_COMPLETED", 1));
        assertThat(task.path("steps").get(2).path("status").asText()).isEqualTo("COMPLETED");
    }

    private static String step(String tool, String args) {
        return "{\"tool\":\"" + tool + "\",\"args\":" + args + "}";
    }

    /** Submits a plan and waits for the task to end. */
    private static JsonNode run(String steps) throws Exception {
        HttpResponse<String> response = app.postJson("{\"goal\":\"test a tool safety rule\",\"plan\":[" + steps + "]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return app.awaitTerminal(Json.MAPPER.readTree(response.body()).path("taskId").asText());
    }

    private static String failedStepError(JsonNode task) {
        JsonNode step = task.path("steps").get(0);
        assertThat(step.path("status").asText()).isEqualTo("FAILED");
        return step.path("error").asText();
    }

    private static int indexOf(List<JsonNode> events, String name, int step) {
        for (int i = 0; i < events.size(); i++) {
            if (name.equals(events.get(i).path("name").asText()) && events.get(i).path("detail").path("step").asInt(-1) == step) {
                return i;
            }
        }
        throw new AssertionError("no " + name + " event for step " + step + " in " + events);
    }

    private static void holdUntilTwoAreInFlight(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        bothArrived.countDown();
        try {
            bothArrived.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inFlight.decrementAndGet();
        answer(exchange, 200);
    }

    private static HttpHandler counting(AtomicInteger requests) {
        return exchange -> {
            requests.incrementAndGet();
            answer(exchange, 200);
        };
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        try (exchange) {
            byte[] body = "{\"text\":\"served\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static HttpServer server(HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", handler);
        server.start();
        return server;
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    private static String url(HttpServer server, String path) {
        return "http://127.0.0.1:" + port(server) + path;
    }
}
