package dev.kortana.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.fuzz.AsSent;
import dev.kortana.fuzz.FuzzCase;
import dev.kortana.fuzz.FuzzTally;
import dev.kortana.fuzz.FuzzTally.Verdict;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The end of the run: every accepted case is read back with {@code GET /api/tasks/{id}} until it is terminal, then
 * judged: stored exactly as sent, and a good task COMPLETED.
 */
final class FuzzReadback {

    /** A case the service accepted under {@code taskId}. */
    record Accepted(String channel, FuzzCase c, String taskId) {}

    /** Decimals as sent: the suite must not round what the service kept. */
    private static final ObjectReader EXACT = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final int port;
    private final FuzzTally tally;
    private final HttpClient http = HttpClient.newHttpClient();

    FuzzReadback(int port, FuzzTally tally) {
        this.port = port;
        this.tally = tally;
    }

    /** Waits up to {@code atMost} for every task to end, then records a verdict for each. */
    void judge(Collection<Accepted> accepted, Duration atMost) throws Exception {
        Map<Accepted, JsonNode> open = new ConcurrentHashMap<>();
        accepted.forEach(a -> open.put(a, Json.MAPPER.nullNode()));
        Map<Accepted, JsonNode> ended = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                List<Future<?>> reads = new ArrayList<>();
                for (Accepted a : List.copyOf(open.keySet())) {
                    reads.add(pool.submit(() -> {
                        JsonNode view = view(a.taskId());
                        open.put(a, view);
                        if (settled(a.c(), view)) {
                            ended.put(a, view);
                            open.remove(a);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : reads) {
                    f.get();
                }
                return open.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // judged below: what is still open is a good task lost (or a task that never ends)
        } finally {
            pool.shutdown();
        }
        ended.forEach(this::judgeOne);
        open.forEach((a, view) -> tally.record(a.channel(), a.c(),
                a.c().expect() == FuzzCase.Expect.ACCEPT ? Verdict.GOOD_LOST : Verdict.SERVER_ERROR,
                "task " + a.taskId() + " did not end within " + atMost + ": " + abbreviate(view.toString())));
    }

    private void judgeOne(Accepted a, JsonNode view) {
        List<String> changed = AsSent.differences(AsSent.read(a.c().body()), view.path("task"));
        String status = view.path("status").asText();
        if (!changed.isEmpty()) {
            tally.record(a.channel(), a.c(), Verdict.CHANGED, "task " + a.taskId() + " " + changed);
        } else if (a.c().expect() == FuzzCase.Expect.ACCEPT && !status.equals("COMPLETED")) {
            tally.record(a.channel(), a.c(), Verdict.GOOD_LOST, "task " + a.taskId() + " ended " + status + ": "
                    + view.path("reason").asText());
        } else {
            tally.record(a.channel(), a.c(), Verdict.ACCEPTED_AS_SENT, "");
        }
    }

    /** A good task must end; a task that merely passed the contract may also wait for a person (a flipped bit asked for it). */
    private static boolean settled(FuzzCase c, JsonNode view) {
        String status = view.path("status").asText("");
        if (status.isEmpty()) {
            return false;
        }
        return TaskStatus.valueOf(status).isTerminal()
                || (c.expect() == FuzzCase.Expect.EITHER && status.equals("AWAITING_APPROVAL"));
    }

    /** The task's view, or a missing node while the service does not know it (yet); a 5xx is thrown. */
    JsonNode view(String taskId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tasks/"
                + URLEncoder.encode(taskId, StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 500) {
            throw new IOException("GET /api/tasks/" + taskId + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.statusCode() == 200 ? EXACT.readTree(response.body()) : Json.MAPPER.missingNode();
    }

    static String field(String json, String name) {
        try {
            return Json.MAPPER.readTree(json).path(name).asText();
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
