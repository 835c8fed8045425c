package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model errors by what they mean, against a real HTTP stub speaking OpenAI's protocol. A rejected key (401) is a
 * configuration error, not a passing fault: the task fails at once naming the model and the fix, with no retry,
 * redelivery or dead letter, and /api/models shows the model misconfigured until it answers again. A 429 whose
 * Retry-After is longer than the router waits puts the task aside until then, and it completes. Headers declared in
 * models.yaml go out with every call.
 */
class ModelErrorsIT {

    @TempDir
    static Path dataDir;

    static final String schema = TestDatabase.newSchema();
    static StubModelServer provider;
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        provider = StubModelServer.start("keyed").reply(call -> "A short stub answer.").usage(10, 5);
        Path models = dataDir.resolve("models.yaml");
        Files.writeString(models, """
                models:
                  - name: keyed
                    provider: openai
                    endpoint: %s
                    model: keyed-1
                    api-key-env: PATH
                    headers:
                      x-gateway-key: HOME
                    capabilities: [plan, reflect, summarize]
                    timeout-ms: 2000
                routing:
                  retries: 2
                  backoff-ms: 10
                """.formatted(provider.openAiEndpoint()));
        app = RunningKortana.start(dataDir.resolve("data"), schema,
                Map.of("kortana.models.catalog", "file:" + models, "kortana.retry.max-redeliveries", "2"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aRejectedKeyFailsTheTaskAtOnceNamingTheModelAndTheFixAndShowsTheModelMisconfiguredUntilItAnswers() throws Exception {
        provider.requireApiKey("a-key-this-model-does-not-have");
        provider.resetCounts();
        JsonNode failed = app.awaitTerminal(submit("summarize the quarterly report"));

        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("reason").asText())
                .contains("every model that may serve 'plan' is configured wrongly")
                .contains("keyed: HTTP 401")
                .contains("check the model's API key");
        assertThat(provider.calls()).as("no retry, no redelivery: one call").isEqualTo(1);
        assertThat(app.getJson("/api/dead-letters").toString()).doesNotContain(failed.path("taskId").asText());
        JsonNode health = model("keyed").path("health");
        assertThat(health.path("misconfigured").asBoolean()).isTrue();
        assertThat(health.path("misconfiguredBecause").asText()).contains("HTTP 401");
        assertThat(health.path("circuit").asText()).as("a configuration error does not open the breaker").isEqualTo("CLOSED");

        provider.requireApiKey(System.getenv("PATH")); // the operator fixes the key
        JsonNode completed = app.awaitTerminal(submit("summarize the quarterly report again"));

        assertThat(completed.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(model("keyed").path("health").path("misconfigured").asBoolean()).isFalse();
        // models.yaml headers go out with every call, their values from the environment (a gateway's key, say).
        assertThat(provider.received()).allSatisfy(c -> assertThat(c.headers()).containsEntry("x-gateway-key", System.getenv("HOME")));
        assertThat(model("keyed").path("headers").toString()).isEqualTo("{\"x-gateway-key\":\"HOME\"}");
    }

    @Test
    void aRetryAfterLongerThanTheRouterWaitsPutsTheTaskAsideUntilThenAndItCompletes() throws Exception {
        provider.requireApiKey(System.getenv("PATH"));
        provider.failNext(1, StubModelServer.Fault.rateLimited(10)); // max-retry-after-ms is 5000 here
        long start = System.nanoTime();

        String id = submit("summarize the rate limited report");
        JsonNode done = app.awaitTerminal(id, java.time.Duration.ofSeconds(40));

        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat((System.nanoTime() - start) / 1_000_000_000.0).as("seconds until it completed").isGreaterThanOrEqualTo(9.0);
        assertThat(app.get("/api/tasks/" + id + "/events").body()).contains("THROTTLED");
        assertThat(app.getJson("/api/dead-letters").toString()).doesNotContain(id);
    }

    private static String submit(String goal) throws Exception {
        return Json.MAPPER.readTree(app.postJson("{\"goal\":\"" + goal + "\"}").body()).path("taskId").asText();
    }

    private static JsonNode model(String name) throws Exception {
        for (JsonNode m : app.getJson("/api/models").path("models")) {
            if (name.equals(m.path("name").asText())) {
                return m;
            }
        }
        throw new AssertionError("no model " + name + " in /api/models");
    }
}
