package dev.kortana.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.routes.wiring.KortanaApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** Kor'tana started in this JVM exactly as {@code ./kortana run} starts it, on a free port, with an HTTP client. */
public final class RunningKortana implements AutoCloseable {

    private final Main main;
    private final Thread thread;
    private final int port;
    private final String apiKey;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningKortana(Main main, Thread thread, int port, String apiKey) {
        this.main = main;
        this.thread = thread;
        this.port = port;
        this.apiKey = apiKey;
    }

    /** The same running Kor'tana, called with {@code Authorization: Bearer apiKey}; close the one {@link #start} returned. */
    public RunningKortana as(String apiKey) {
        return new RunningKortana(main, thread, port, apiKey);
    }

    public static RunningKortana start(Path dataDir, String schema, Map<String, String> extra) throws Exception {
        return start(dataDir, schema, extra, Map.of());
    }

    /** Started with {@code beans} bound in its registry first (e.g. a test's OpenTelemetry with an in-memory exporter). */
    public static RunningKortana start(Path dataDir, String schema, Map<String, String> extra, Map<String, Object> beans)
            throws Exception {
        int port = Ports.free();
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("camel.server.port", String.valueOf(port));
        overrides.put("camel.management.port", String.valueOf(port));
        overrides.put("kortana.data-dir", dataDir.toString());
        overrides.put("kortana.db.url", TestDatabase.url());
        overrides.put("kortana.db.schema", schema);
        overrides.put("kortana.db.pool-size", "4");
        overrides.put("kortana.retry.initial-delay-ms", "20");
        overrides.put("kortana.retry.max-delay-ms", "100");
        overrides.put("kortana.inbox.poll-ms", "100");
        overrides.put("kortana.inbox.read-lock-check-ms", "100");
        overrides.put("kortana.inbox.read-lock-min-age-ms", "200");
        // The real model costs a second and 100 MB per start; tests of meaning ask for it in extra.
        overrides.put("kortana.memory.embedder", "hashed-words-v1");
        overrides.putAll(extra);
        Main main = KortanaApplication.create(overrides);
        beans.forEach(main::bind);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                started.countDown();
            }
        });
        Thread thread = new Thread(() -> {
            try {
                main.run();
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                started.countDown();
            }
        }, "kortana-main-" + port);
        thread.start();
        if (!started.await(90, TimeUnit.SECONDS) || failure.get() != null) {
            main.completed();
            throw new IllegalStateException("Kor'tana did not start", failure.get());
        }
        RunningKortana app = new RunningKortana(main, thread, port, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health/ready").statusCode() == 200);
        return app;
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public int port() {
        return port;
    }

    public HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String body) throws IOException, InterruptedException {
        return post("/api/tasks", "application/json", body, Map.of());
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request without a body, with any method (DELETE, PUT, HEAD…). */
    public HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode getJson(String path) throws IOException, InterruptedException {
        return Json.MAPPER.readTree(get(path).body());
    }

    /** Waits until the task has a terminal status and returns its view. */
    public JsonNode awaitTerminal(String taskId) {
        return awaitTerminal(taskId, Duration.ofSeconds(30));
    }

    /** As {@link #awaitTerminal(String)}, waiting at most {@code atMost}. */
    public JsonNode awaitTerminal(String taskId, Duration atMost) {
        AtomicReference<JsonNode> view = new AtomicReference<>();
        await().atMost(atMost).until(() -> {
            JsonNode task = getJson("/api/tasks/" + taskId);
            view.set(task);
            return dev.kortana.contracts.TaskStatus.valueOf(task.path("status").asText("ACCEPTED")).isTerminal();
        });
        return view.get();
    }

    /** Waits until the task has {@code status} (e.g. AWAITING_APPROVAL) and returns its view. */
    public JsonNode awaitStatus(String taskId, String status) {
        AtomicReference<JsonNode> view = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode task = getJson("/api/tasks/" + taskId);
            view.set(task);
            return status.equals(task.path("status").asText());
        });
        return view.get();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        return apiKey == null ? request : request.header("Authorization", "Bearer " + apiKey);
    }

    @Override
    public void close() throws InterruptedException {
        main.completed();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
