package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.cli.Kortana;
import dev.kortana.contracts.Json;
import dev.kortana.it.CountingToolServer.Reply;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-idempotent tool (an HTTP POST that places an order) takes effect exactly once per planned step: across
 * retries of refused calls, a lost answer (the task parks until a person says whether it happened; never repeated)
 * and dead-letter replay, through the API and the CLI as an operator would use them. The kill -9 case is in
 * {@link KillMidToolCallIT}; tools that settle a lost answer themselves are in {@link ToolRecoveryIT}.
 */
class ToolExactlyOnceIT {

    @TempDir
    static Path dataDir;

    static final String schema = TestDatabase.newSchema();
    static CountingToolServer tool;
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        tool = new CountingToolServer();
        // Every path here is on one host, whose circuit breaker the scripted 500s and 503s would open for the other
        // tests; breakers have their own test (ToolOutageIT), so here it never opens.
        app = RunningKortana.start(dataDir, schema, Map.of("kortana.tools.http.allowed-hosts", "127.0.0.1:" + tool.port(),
                "kortana.tools.breaker.minimum-calls", "1000", "kortana.tools.breaker.window", "1000"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        tool.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void refusedCallsAreRetriedWithOneIdempotencyKeyAndTakeEffectOnce() throws Exception {
        tool.script("/orders/a", Reply.UNAVAILABLE, Reply.UNAVAILABLE, Reply.OK);
        int keysBefore = tool.idempotencyKeys().size();

        JsonNode task = app.awaitTerminal(submit(placeOrder("/orders/a")));

        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(tool.effects("/orders/a")).isEqualTo(1);
        List<String> keys = tool.idempotencyKeys().subList(keysBefore, tool.idempotencyKeys().size());
        assertThat(keys).hasSize(3).containsOnly(keys.get(0));
        assertThat(eventNames(task)).contains("TOOL_CALL_RETRIED");
    }

    @Test
    void aCallWhoseAnswerIsLostParksForAPersonAndIsNeverRepeated() throws Exception {
        tool.script("/orders/b", Reply.EFFECT_THEN_500);
        String id = submit(placeOrder("/orders/b"));

        JsonNode parked = app.awaitStatus(id, "AWAITING_RECONCILIATION");
        assertThat(parked.path("reason").asText()).startsWith("RECONCILIATION_NEEDED").contains("http.request")
                .contains("/api/tasks/" + id + "/reconciliation");
        assertThat(eventNames(parked)).contains("RECONCILIATION_NEEDED").doesNotContain("FAILED");
        assertThat(app.getJson("/api/dead-letters?limit=100").path("deadLetters").findValuesAsText("taskId")).doesNotContain(id);

        HttpResponse<String> blind = reconcile(id, "{}");
        assertThat(blind.statusCode()).isEqualTo(400);
        assertThat(blind.body()).contains("happened");

        HttpResponse<String> answered = reconcile(id, "{\"happened\":true,\"result\":{\"order\":1,\"text\":\"order 1 (checked)\"}}");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        JsonNode done = app.awaitTerminal(id);

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(tool.effects("/orders/b")).isEqualTo(1);
        assertThat(done.path("steps").get(0).path("output").path("text").asText()).isEqualTo("order 1 (checked)");
        assertThat(reconcile(id, "{\"happened\":true}").statusCode()).as("a second answer").isEqualTo(409);
    }

    @Test
    void replayingADeadLetterWithTheCliDoesNotRedoCompletedSteps() throws Exception {
        // A GET that fails with 500 three times: not a tool that is down (that would be waited for), a call that failed.
        tool.script("/stock", Reply.EFFECT_THEN_500, Reply.EFFECT_THEN_500, Reply.EFFECT_THEN_500);
        String plan = "[{\"tool\":\"http.request\",\"args\":{\"method\":\"POST\",\"url\":\"" + tool.url("/orders/c") + "\",\"body\":{\"sku\":\"C-3\"}}},"
                + "{\"tool\":\"http.request\",\"args\":{\"url\":\"" + tool.url("/stock") + "\"},\"dependsOn\":[0]}]";
        String id = submit(plan);

        JsonNode failed = app.awaitTerminal(id);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("reason").asText()).contains("dead letter #").contains("retry.max-attempts 3");
        JsonNode letter = deadLetterOf(id);
        assertThat(letter.path("kind").asText()).isEqualTo("tool-retries-exhausted");
        assertThat(letter.path("attempts").asInt()).isEqualTo(3);
        assertThat(letter.path("steps")).hasSize(1);
        assertThat(letter.path("steps").get(0).path("status").asText()).isEqualTo("COMPLETED");

        int exit = Kortana.commandLine().execute("replay", letter.path("id").asText(), "--url", "http://127.0.0.1:" + app.port());
        assertThat(exit).isZero();
        JsonNode done = app.awaitTerminal(id);

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(tool.effects("/orders/c")).isEqualTo(1);
        List<String> names = eventNames(done);
        List<String> afterReplay = names.subList(names.lastIndexOf("REPLAYED"), names.size());
        assertThat(afterReplay).containsOnlyOnce("STEP_STARTED").containsOnlyOnce("STEP_COMPLETED");
    }

    private static String placeOrder(String path) {
        return "[{\"tool\":\"http.request\",\"args\":{\"method\":\"POST\",\"url\":\"" + tool.url(path) + "\",\"body\":{\"sku\":\"A-1\"}}},"
                + "{\"tool\":\"file.write\",\"args\":{\"path\":\"order-{{taskId}}.md\",\"content\":\"{{steps.0.output}}\"}}]";
    }

    private static String submit(String plan) throws Exception {
        HttpResponse<String> response = app.postJson("{\"goal\":\"place an order\",\"plan\":" + plan + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body()).path("taskId").asText();
    }

    private static HttpResponse<String> reconcile(String taskId, String body) throws Exception {
        return app.post("/api/tasks/" + taskId + "/reconciliation", "application/json", body, Map.of());
    }

    private static HttpResponse<String> replay(long deadLetter, String body) throws Exception {
        return app.post("/api/dead-letters/" + deadLetter + "/replay", "application/json", body, Map.of());
    }

    private static JsonNode deadLetterOf(String taskId) throws Exception {
        JsonNode list = app.getJson("/api/dead-letters?limit=100").path("deadLetters");
        JsonNode summary = StreamSupport.stream(list.spliterator(), false)
                .filter(d -> taskId.equals(d.path("taskId").asText())).findFirst().orElseThrow();
        return app.getJson("/api/dead-letters/" + summary.path("id").asLong());
    }

    private static List<String> eventNames(JsonNode task) throws Exception {
        List<String> names = new ArrayList<>();
        app.getJson("/api/tasks/" + task.path("taskId").asText() + "/events").path("events")
                .forEach(e -> names.add(e.path("name").asText()));
        return names;
    }
}
