package dev.kortana.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.fuzz.FuzzCase;
import dev.kortana.fuzz.FuzzTally;
import dev.kortana.fuzz.FuzzTally.Verdict;
import dev.kortana.fuzz.HostileTasks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The HTTP channel of the fuzz run: cases POSTed by a few threads, each answer classified at once. */
final class FuzzHttp {

    static final String CHANNEL = "http";
    private static final int THREADS = 4;

    private final int port;
    private final FuzzTally tally;
    private final Queue<FuzzReadback.Accepted> accepted;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    FuzzHttp(int port, FuzzTally tally, Queue<FuzzReadback.Accepted> accepted) {
        this.port = port;
        this.tally = tally;
        this.accepted = accepted;
    }

    void run(long seed, int cases, int maxBody) throws Exception {
        HostileTasks generator = new HostileTasks(seed, "fz-http", maxBody, true);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < cases; i++) {
                FuzzCase c = generator.next();
                sent.add(pool.submit(() -> send(c)));
                if (sent.size() >= 64) { // bounded: the generator stays only a little ahead of the senders
                    for (Future<?> f : sent) {
                        f.get();
                    }
                    sent.clear();
                }
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private void send(FuzzCase c) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tasks"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        String type = c.contentType() == null ? "application/json" : c.contentType();
        if (!type.isEmpty()) {
            request.header("Content-Type", type);
        }
        if (c.idempotencyKey() != null) {
            request.header("Idempotency-Key", c.idempotencyKey());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            tally.record(CHANNEL, c, Verdict.SERVER_ERROR, "no answer: " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        classify(c, response);
    }

    private void classify(FuzzCase c, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 202 || status == 200) {
            if (c.expect() == FuzzCase.Expect.REJECT) {
                tally.record(CHANNEL, c, Verdict.JUNK_ACCEPTED, status + " " + response.body());
            } else {
                accepted.add(new FuzzReadback.Accepted(CHANNEL, c, FuzzReadback.field(response.body(), "taskId")));
            }
            return;
        }
        if (status >= 500) {
            tally.record(CHANNEL, c, Verdict.SERVER_ERROR, status + " " + response.body());
            return;
        }
        if (!clearProblem(response)) {
            tally.record(CHANNEL, c, Verdict.UNCLEAR_PROBLEM, status + " " + response.headers().firstValue("Content-Type").orElse("")
                    + " " + response.body());
            return;
        }
        tally.record(CHANNEL, c, c.expect() == FuzzCase.Expect.ACCEPT ? Verdict.GOOD_LOST : Verdict.CLEAR_PROBLEM,
                status + " " + response.body());
    }

    /** A 4xx problem+json that names a field, or (413, 415: the whole request is the problem) at least says what. */
    private static boolean clearProblem(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status < 400 || !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return false;
        }
        JsonNode problem;
        try {
            problem = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return false;
        }
        boolean namesField = problem.path("errors").size() > 0
                && problem.path("errors").findValuesAsText("field").stream().allMatch(f -> f.startsWith("/") || f.equals("Idempotency-Key"));
        return namesField || ((status == 413 || status == 415) && !problem.path("detail").asText().isBlank());
    }
}
