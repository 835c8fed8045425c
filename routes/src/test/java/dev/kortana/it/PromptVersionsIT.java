package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.cli.Kortana;
import dev.kortana.contracts.Json;
import dev.kortana.processors.prompts.PromptBook;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prompt variant never reaches a model before a person approved it through the approvals API; once approved it does
 * (for every task, or as a canary only for the tasks in its share); a rollback brings the previous version back; every
 * step is an audit entry, and each task's outcome is counted for the version it used. The model is the stub server, which
 * records the system prompt of every call.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PromptVersionsIT {

    private static final String SHIPPED_PLAN_START = "You plan work for an autonomous agent.";

    @TempDir
    static Path dataDir;

    static String schema = TestDatabase.newSchema();
    static StubModelServer model;
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        model = StubModelServer.start("prompts").reply(PromptVersionsIT::answer).usage(100, 20);
        Path models = dataDir.resolve("models.yaml");
        Files.writeString(models, """
                models:
                  - name: stub
                    provider: openai
                    endpoint: %s
                    model: stub-1
                    price-per-1k-input: 0.01
                    price-per-1k-output: 0.01
                    region: us
                    capabilities: [plan, reflect, summarize]
                    max-output-tokens: 256
                    timeout-ms: 5000
                routing:
                  retries: 0
                  backoff-ms: 10
                  plan-repairs: 1
                """.formatted(model.openAiEndpoint()));
        app = RunningKortana.start(dataDir.resolve("app"), schema, Map.of("kortana.models.catalog", "file:" + models));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (model != null) {
            model.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    @Order(1)
    void aProposedPlanVariantRunsOnlyAfterApprovalAndARollbackRestoresTheShippedOne() throws Exception {
        JsonNode shipped = app.getJson("/api/prompts/plan");
        assertThat(shipped.path("active").asInt()).isEqualTo(1);
        String v1 = shipped.path("versions").get(0).path("text").asText();
        assertThat(v1).startsWith(SHIPPED_PLAN_START);

        String variant = v1 + " VARIANT-A: prefer one step.";
        HttpResponse<String> proposed = app.post("/api/prompts/plan/versions", "application/json",
                Json.MAPPER.createObjectNode().put("text", variant).put("reason", "shorter plans").put("source", "model").toString(),
                Map.of());
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(201);
        JsonNode proposal = Json.MAPPER.readTree(proposed.body());
        assertThat(proposal.path("version").asInt()).isEqualTo(2);
        assertThat(proposal.path("status").asText()).isEqualTo("proposed");
        assertThat(openPromptApprovals()).containsExactly("prompt-plan@2");

        for (int i = 0; i < 3; i++) {
            assertThat(planPromptOf(run("summarise the quarterly notes " + i))).as("before approval").isEqualTo(v1);
        }

        assertThat(cli("approve", "prompt-plan@2", "--reviewer", "alice", "--comment", "looks tighter")).isZero();
        assertThat(openPromptApprovals()).isEmpty();
        assertThat(decide("prompt-plan@2", "{\"decision\": \"approve\"}").statusCode()).as("decided once").isEqualTo(409);

        String after = run("summarise the quarterly notes after approval");
        assertThat(planPromptOf(after)).isEqualTo(variant);
        JsonNode versions = app.getJson("/api/prompts/plan");
        assertThat(versions.path("active").asInt()).isEqualTo(2);
        assertThat(version(versions, 1).path("status").asText()).isEqualTo("retired");
        assertThat(version(versions, 1).path("stats").path("uses").asInt()).isEqualTo(3);
        assertThat(version(versions, 2).path("stats").path("uses").asInt()).isEqualTo(1);
        assertThat(version(versions, 2).path("stats").path("successes").asInt()).isEqualTo(1);
        assertThat(version(versions, 2).path("stats").path("recent").asText()).isEqualTo("S");

        assertThat(cli("prompts", "list")).isZero();
        assertThat(cli("prompts", "rollback", "plan", "--reason", "worse")).isZero();
        assertThat(planPromptOf(run("summarise the quarterly notes after the rollback"))).isEqualTo(v1);
        JsonNode restored = app.getJson("/api/prompts/plan");
        assertThat(restored.path("active").asInt()).isEqualTo(1);
        assertThat(version(restored, 2).path("status").asText()).isEqualTo("retired");
        assertThat(app.post("/api/prompts/plan/rollback", "application/json", "", Map.of()).statusCode())
                .as("v1 replaced nothing").isEqualTo(409);

        assertThat(TestStore.rows(schema, "SELECT kind || ' v' || (body::jsonb->'detail'->>'version') FROM audit_log"
                + " WHERE kind LIKE 'prompt-%' AND body::jsonb->'detail'->>'prompt' = 'plan' ORDER BY seq"))
                .containsExactly("prompt-proposed v2", "prompt-approved v2", "prompt-promoted v2", "prompt-rolled-back v2");
    }

    @Test
    @Order(2)
    void anApprovedCanaryReachesOnlyTheTasksInItsShareAndARejectedVariantNeverRuns() throws Exception {
        String v1 = version(app.getJson("/api/prompts/reflect"), 1).path("text").asText();
        String canaryText = "CANARY-B: reflect in one sentence.";
        propose("reflect", canaryText);
        String rejectedText = "REJECTED-C: reflect at length.";
        // Only one proposal may be decided into a canary at a time; the second is rejected.
        propose("reflect", rejectedText);
        assertThat(decide("prompt-reflect@3", "{\"decision\": \"reject\", \"comment\": \"too long\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> canary = decide("prompt-reflect@2", "{\"decision\": \"approve\", \"canaryShare\": 0.5}");
        assertThat(canary.statusCode()).as(canary.body()).isEqualTo(200);

        String inside = taskIdWhere(true);
        String outside = taskIdWhere(false);
        assertThat(reflectPromptOf(run(inside, "summarise the canary notes"))).isEqualTo(canaryText);
        assertThat(reflectPromptOf(run(outside, "summarise the other notes"))).isEqualTo(v1);
        assertThat(model.received().stream().map(PromptVersionsIT::system)).noneMatch(s -> s.contains("REJECTED-C"));

        JsonNode reflect = app.getJson("/api/prompts/reflect");
        assertThat(reflect.path("canary").asInt()).isEqualTo(2);
        assertThat(version(reflect, 2).path("canaryShare").asDouble()).isEqualTo(0.5);
        assertThat(version(reflect, 2).path("stats").path("uses").asInt()).isEqualTo(1);
        assertThat(version(reflect, 3).path("status").asText()).isEqualTo("rejected");

        assertThat(app.post("/api/prompts/reflect/rollback", "application/json", "", Map.of()).statusCode()).isEqualTo(200);
        assertThat(reflectPromptOf(run(taskIdWhere(true), "summarise after the canary ended"))).isEqualTo(v1);
        assertThat(TestStore.rows(schema, "SELECT kind || ' v' || (body::jsonb->'detail'->>'version') FROM audit_log"
                + " WHERE kind LIKE 'prompt-%' AND body::jsonb->'detail'->>'prompt' = 'reflect' ORDER BY seq"))
                .containsExactly("prompt-proposed v2", "prompt-proposed v3", "prompt-rejected v3", "prompt-approved v2",
                        "prompt-canary-started v2", "prompt-rolled-back v2");
    }

    static String answer(StubModelServer.Call call) {
        if (system(call).startsWith(SHIPPED_PLAN_START)) {
            return "[{\"tool\": \"text.summarize\", \"args\": {\"text\": \"The notes say sales grew. Costs fell.\","
                    + " \"sentences\": 1}, \"rationale\": \"stub plan\"}]";
        }
        return "A short stub answer.";
    }

    private static String system(StubModelServer.Call call) {
        return call.body().path("messages").path(0).path("content").asText();
    }

    private static String run(String goal) throws Exception {
        return run("prompts-" + UUID.randomUUID(), goal);
    }

    /** Runs a task with a chosen id to its end and returns the id; the stub's record then holds its calls. */
    private static String run(String id, String goal) throws Exception {
        model.resetCounts();
        HttpResponse<String> accepted = app.postJson(Json.MAPPER.createObjectNode().put("id", id).put("goal", goal).toString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(app.awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");
        return id;
    }

    /** The system prompt of the (only) plan call of the task just run. */
    private static String planPromptOf(String taskId) {
        List<String> plans = model.received().stream().map(PromptVersionsIT::system)
                .filter(s -> s.startsWith(SHIPPED_PLAN_START)).toList();
        assertThat(plans).as("plan calls of " + taskId).hasSize(1);
        return plans.get(0);
    }

    /** The system prompt of the task's reflect call: the last call of a task. */
    private static String reflectPromptOf(String taskId) {
        List<StubModelServer.Call> calls = model.received();
        assertThat(calls).as("calls of " + taskId).hasSize(3);
        return system(calls.get(calls.size() - 1));
    }

    private static String taskIdWhere(boolean inCanary) {
        return IntStream.range(0, 1000).mapToObj(i -> "prompts-" + UUID.randomUUID())
                .filter(id -> PromptBook.inCanary("reflect", id, 0.5) == inCanary).findFirst().orElseThrow();
    }

    private static void propose(String name, String text) throws Exception {
        HttpResponse<String> answer = app.post("/api/prompts/" + name + "/versions", "application/json",
                Json.MAPPER.createObjectNode().put("text", text).put("reason", "test").toString(), Map.of());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    private static int cli(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + app.port()));
        return Kortana.commandLine().execute(all.toArray(String[]::new));
    }

    private static HttpResponse<String> decide(String approvalId, String body) throws Exception {
        return app.post("/api/approvals/" + approvalId, "application/json", body, Map.of());
    }

    private static List<String> openPromptApprovals() throws Exception {
        return StreamSupport.stream(app.getJson("/api/approvals").path("approvals").spliterator(), false)
                .filter(a -> "prompt".equals(a.path("kind").asText())).map(a -> a.path("approvalId").asText()).toList();
    }

    private static JsonNode version(JsonNode prompt, int version) {
        return StreamSupport.stream(prompt.path("versions").spliterator(), false)
                .filter(v -> v.path("version").asInt() == version).findFirst().orElseThrow();
    }
}
