package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The fault suite's load and its invariants. A tool with an effect (a POST the tool server counts per task, answered
 * after a delay so that faults find calls in flight); tasks that call it, summarise its answer and write a file; clients
 * that send them over HTTP at a steady pace and, as a real client must, send a task again with the same id and body
 * until Kor'tana answers 200 or 202 (a refused connection, a 503 or a lost answer is not an answer). After the fault:
 * every accepted task ends, and no effect happens twice.
 */
final class FaultLoad implements AutoCloseable {

    /** What the load saw: the tasks accepted, and how often a submission had to be sent again. */
    record Sent(List<String> accepted, int resent) {}

    private final HttpServer tool;
    private final ExecutorService toolThreads = Executors.newFixedThreadPool(8);
    private final ScheduledExecutorService delays = Executors.newScheduledThreadPool(4);
    private final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String prefix;
    private final int port;
    private final int[] submitPorts;
    private final AtomicInteger submissions = new AtomicInteger();

    /** Tasks go to {@code kortanaPort}, or in turn to each of {@code otherPorts} too; reads go to the first. */
    FaultLoad(String prefix, int kortanaPort, int... otherPorts) throws IOException {
        this.prefix = prefix;
        this.port = kortanaPort;
        this.submitPorts = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(kortanaPort),
                java.util.Arrays.stream(otherPorts)).toArray();
        tool = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tool.setExecutor(toolThreads);
        tool.createContext("/", exchange -> {
            String task = exchange.getRequestHeaders().getFirst("X-Kortana-Task");
            effects.computeIfAbsent(task, t -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            delays.schedule(() -> {
                byte[] body = ("Order for " + task + " is placed. The warehouse confirmed it.").getBytes();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
                return null;
            }, 150, TimeUnit.MILLISECONDS);
        });
        tool.start();
    }

    /** The tool's host and port, for {@code kortana.tools.http.allowed-hosts}. */
    String toolHost() {
        return "127.0.0.1:" + tool.getAddress().getPort();
    }

    /** The task with this number: an effect (POST, not idempotent: it goes through the ledger), a summary, a file. */
    String task(int i) {
        String id = prefix + "-" + i;
        return "{\"id\":\"" + id + "\",\"goal\":\"place order " + i + "\",\"plan\":["
                + "{\"tool\":\"http.request\",\"args\":{\"method\":\"POST\",\"url\":\"http://" + toolHost() + "/orders/" + i
                + "\",\"body\":{\"order\":" + i + "}}},"
                + "{\"tool\":\"text.summarize\",\"args\":{\"text\":\"{{steps.0.output}}\",\"sentences\":1}},"
                + "{\"tool\":\"file.write\",\"args\":{\"path\":\"{{taskId}}.md\",\"content\":\"{{steps.1.output}}\"}}]}";
    }

    /**
     * Sends {@code count} tasks from {@code clients} threads, each at most {@code perSecond} a second, while
     * {@code during} runs (the fault), and waits for both.
     */
    Sent send(int count, int clients, int perSecond, IntFunction<String> body, Runnable during) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger resent = new AtomicInteger();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        accepted.add(submitUntilAnswered(body.apply(i), resent));
                        long pause = TimeUnit.SECONDS.toNanos(1) * clients / perSecond - (System.nanoTime() - start);
                        if (pause > 0) {
                            TimeUnit.NANOSECONDS.sleep(pause); // pacing the client, not waiting for a route
                        }
                    }
                    return null;
                }));
            }
            running.add(pool.submit(() -> {
                during.run();
                return null;
            }));
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> ids = new ArrayList<>(accepted);
        ids.sort(null);
        return new Sent(ids, resent.get());
    }

    private String submitUntilAnswered(String body, AtomicInteger resent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try {
                int to = submitPorts[Math.floorMod(submissions.getAndIncrement(), submitPorts.length)];
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to + "/api/tasks"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || response.statusCode() == 202) {
                    return Json.MAPPER.readTree(response.body()).path("taskId").asText();
                }
                assertThat(response.statusCode()).as("answer to a good task: %s", response.body()).isGreaterThanOrEqualTo(500);
            } catch (IOException e) {
                // refused, reset or timed out: Kor'tana is down or restarting; the task may or may not be stored
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no answer to a task for 3 minutes: " + body);
            }
            resent.incrementAndGet();
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Waits until every task is terminal, and returns each one's view (status, reason). */
    Map<String, JsonNode> awaitTerminal(List<String> ids, Duration atMost) {
        return awaitTerminal(ids, atMost, false);
    }

    /**
     * As {@link #awaitTerminal(List, Duration)}; with {@code mayBeUnseenYet} a task not found yet is waited for (a
     * record the broker acknowledged that Kor'tana has not consumed yet), else it fails at once as a lost task.
     */
    Map<String, JsonNode> awaitTerminal(List<String> ids, Duration atMost, boolean mayBeUnseenYet) {
        Map<String, JsonNode> views = new ConcurrentHashMap<>();
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String id : ids) {
                JsonNode view = views.get(id);
                if (view == null || !terminal(view)) {
                    JsonNode now = task(id, mayBeUnseenYet);
                    if (now == null) {
                        return false;
                    }
                    views.put(id, now);
                    if (!terminal(now)) {
                        return false;
                    }
                }
            }
            return true;
        });
        return new TreeMap<>(views);
    }

    /** Tasks by status, e.g. {COMPLETED=180, FAILED=3}. */
    static Map<String, Long> byStatus(Map<String, JsonNode> views) {
        Map<String, Long> counts = new TreeMap<>();
        views.values().forEach(v -> counts.merge(v.path("status").asText(), 1L, Long::sum));
        return counts;
    }

    /**
     * The effects invariant: no task's effect happened twice; a completed task's happened exactly once; a task that
     * did not complete failed because its effect's outcome was unknown (a call in flight at the fault), and only then.
     */
    void assertNoEffectTwice(Map<String, JsonNode> views) {
        for (Map.Entry<String, JsonNode> e : views.entrySet()) {
            int count = effects(e.getKey());
            assertThat(count).as("effects of %s (%s)", e.getKey(), e.getValue()).isLessThanOrEqualTo(1);
            if ("COMPLETED".equals(e.getValue().path("status").asText())) {
                assertThat(count).as("effects of the completed %s", e.getKey()).isEqualTo(1);
            }
        }
        assertThat(effects.keySet()).as("tool calls for tasks nobody accepted").isSubsetOf(views.keySet());
    }

    int effects(String taskId) {
        AtomicInteger count = effects.get(taskId);
        return count == null ? 0 : count.get();
    }

    /** How many of the tasks have an event {@code named} (a prefix, e.g. "STEP_") written by {@code node} (any node: null). */
    long withEvent(List<String> ids, String named, String node) throws Exception {
        long count = 0;
        for (String id : ids) {
            for (JsonNode event : get("/api/tasks/" + id + "/events").path("events")) {
                if (event.path("name").asText().startsWith(named) && (node == null || node.equals(event.path("node").asText()))) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    /** GET of an API path on the first instance, as JSON. */
    JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }

    /** Whether Kor'tana answers ready. */
    boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(uri("/observe/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode task(String id, boolean mayBeUnseenYet) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/tasks/" + id))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404 && !mayBeUnseenYet) {
                throw new AssertionError("an accepted task is unknown: " + id);
            }
            return response.statusCode() == 200 ? Json.MAPPER.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Ended, or parked for a person to say whether a call took effect: either way nothing more happens by itself. */
    private static boolean terminal(JsonNode view) {
        TaskStatus status = TaskStatus.valueOf(view.path("status").asText("ACCEPTED"));
        return status.isTerminal() || status == TaskStatus.AWAITING_RECONCILIATION;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        tool.stop(0);
        toolThreads.shutdownNow();
        delays.shutdownNow();
    }
}
