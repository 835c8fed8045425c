package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model routing end to end: Kor'tana with three real HTTP stub providers (two OpenAI-compatible, one Anthropic) and no
 * offline model, so every plan, summary and reflection goes over the wire. Ordered because the tests share the
 * providers' circuit breakers: the one that takes the EU model down runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelRoutingIT {

    @TempDir
    static Path dataDir;

    static String schema = TestDatabase.newSchema();
    static StubModelServer cheap;
    static StubModelServer expensive;
    static StubModelServer claudeEu;
    static RunningKortana app;
    static Map<String, String> settings;

    @BeforeAll
    static void start() throws Exception {
        cheap = StubModelServer.start("cheap").reply(ModelRoutingIT::answer).usage(100, 50);
        expensive = StubModelServer.start("expensive").reply(ModelRoutingIT::answer).usage(100, 50);
        claudeEu = StubModelServer.start("claude-eu").reply(ModelRoutingIT::answer).usage(100, 50)
                .requireApiKey(System.getenv("PATH")); // any variable that is surely set stands in for a key
        Path models = dataDir.resolve("models.yaml");
        Files.writeString(models, """
                models:
                  - name: cheap
                    provider: openai
                    endpoint: %s
                    model: cheap-1
                    price-per-1k-input: 0.01
                    price-per-1k-output: 0.01
                    region: us
                    capabilities: [plan, reflect, summarize]
                    max-output-tokens: 512
                    timeout-ms: 2000
                  - name: expensive
                    provider: openai
                    endpoint: %s
                    model: expensive-1
                    price-per-1k-input: 0.05
                    price-per-1k-output: 0.05
                    region: us
                    capabilities: [plan, reflect, summarize]
                    max-output-tokens: 512
                    timeout-ms: 2000
                  - name: claude-eu
                    provider: anthropic
                    endpoint: %s
                    model: claude-eu-1
                    api-key-env: PATH
                    price-per-1k-input: 0.02
                    price-per-1k-output: 0.02
                    region: eu
                    compliance: [eu, gdpr]
                    capabilities: [plan, reflect, summarize]
                    max-output-tokens: 512
                    timeout-ms: 2000
                routing:
                  retries: 0
                  backoff-ms: 10
                  plan-repairs: 2
                breaker:
                  failure-rate-percent: 50
                  minimum-calls: 2
                  window: 4
                  cooldown-ms: 3000
                  half-open-calls: 1
                budgets:
                  tenants:
                    acme: 0.05
                """.formatted(cheap.openAiEndpoint(), expensive.openAiEndpoint(), claudeEu.anthropicEndpoint()));
        settings = Map.of("kortana.models.catalog", "file:" + models, "kortana.retry.max-redeliveries", "1");
        app = RunningKortana.start(dataDir.resolve("a"), schema, settings);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        for (StubModelServer stub : new StubModelServer[] {cheap, expensive, claudeEu}) {
            if (stub != null) {
                stub.close();
            }
        }
    }

    @BeforeEach
    void healthyProviders() {
        for (StubModelServer stub : new StubModelServer[] {cheap, expensive, claudeEu}) {
            stub.healthy();
        }
    }

    @Test
    @Order(1)
    void planGoesToTheCheapestModelFallsBackWhileItsBreakerIsOpenAndReturnsAfterCooldown() throws Exception {
        JsonNode first = run("summarise the cheapest route please", "default", null);
        assertThat(first.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(planCalls(cheap)).isEqualTo(1);
        assertThat(planCalls(expensive) + planCalls(claudeEu)).isZero();

        cheap.failAlways(StubModelServer.Fault.serverError());
        for (int i = 0; i < 4; i++) {
            assertThat(run("summarise while the cheap model is down " + i, "default", null).path("status").asText())
                    .as("no task fails while a fallback answers").isEqualTo("COMPLETED");
        }
        assertThat(circuit("cheap")).isEqualTo("OPEN");
        int callsWhileOpen = cheap.calls();
        assertThat(run("summarise with the breaker open", "default", null).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(cheap.calls()).as("an open breaker refuses without calling").isEqualTo(callsWhileOpen);
        assertThat(planCalls(claudeEu)).as("the next cheapest model took over").isPositive();
        assertThat(planCalls(expensive)).as("the most expensive model was not needed").isZero();

        String models = app.get("/api/models").body();
        assertThat(models).contains("\"apiKeyEnv\":\"PATH\"").doesNotContain(System.getenv("PATH"));
        String metrics = app.get("/observe/metrics").body();
        assertThat(metrics).contains("gen_ai_client_token_usage", "gen_ai_client_operation_duration_seconds",
                "gen_ai_token_type=\"input\"", "gen_ai_request_model=\"cheap\"");

        cheap.healthy();
        int before = cheap.calls();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(run("summarise after the cooldown", "default", null).path("status").asText()).isEqualTo("COMPLETED");
            assertThat(cheap.calls()).isGreaterThan(before);
            assertThat(circuit("cheap")).isEqualTo("CLOSED");
        });
    }

    @Test
    @Order(2)
    void noTaskOrTenantSpendsPastItsLimitUnderTwentyConcurrentTasksOnTwoInstances() throws Exception {
        try (RunningKortana second = RunningKortana.start(dataDir.resolve("b"), schema, settings)) {
            ExecutorService clients = Executors.newFixedThreadPool(20);
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                RunningKortana target = i % 2 == 0 ? app : second;
                // Half the tasks cannot afford even one plan call; the others share the tenant's $0.05 a day.
                String maxCost = i % 4 == 0 ? "0.02" : "0.05";
                String body = task("summarise budget item " + i, "acme", null, maxCost);
                submitted.add(clients.submit(() -> Json.MAPPER.readTree(target.postJson(body).body()).path("taskId").asText()));
            }
            List<JsonNode> finished = new ArrayList<>();
            for (Future<String> id : submitted) {
                finished.add(app.awaitTerminal(id.get()));
            }
            clients.shutdown();

            assertThat(finished).allSatisfy(t -> assertThat(t.path("status").asText()).isIn("COMPLETED", "FAILED"));
            assertThat(finished).filteredOn(t -> t.path("status").asText().equals("FAILED"))
                    .allSatisfy(t -> assertThat(t.path("outcome").path("reason").asText()).startsWith("BUDGET_EXCEEDED"))
                    .isNotEmpty();
            assertThat(finished).filteredOn(t -> t.path("status").asText().equals("COMPLETED")).isNotEmpty();
            for (JsonNode task : finished) {
                BigDecimal limit = new BigDecimal(task.path("task").path("constraints").path("maxCostUsd").asText());
                assertThat(spentBy(task.path("taskId").asText())).as("spend of " + task.path("taskId").asText())
                        .isLessThanOrEqualTo(limit);
            }
            BigDecimal tenantTotal = new BigDecimal(TestStore.rows(schema,
                    "SELECT coalesce(sum(cost_usd), 0) FROM model_calls WHERE tenant = 'acme'").get(0));
            assertThat(tenantTotal).isPositive().isLessThanOrEqualTo(new BigDecimal("0.05"));
            System.out.printf("budget run: %d completed, %d BUDGET_EXCEEDED, tenant spend $%s of $0.05%n",
                    finished.stream().filter(t -> t.path("status").asText().equals("COMPLETED")).count(),
                    finished.stream().filter(t -> t.path("status").asText().equals("FAILED")).count(), tenantTotal);
        }
    }

    @Test
    @Order(3)
    void aModelThatAnswersWithAnInvalidPlanDoesNotCrashTheTask() throws Exception {
        JsonNode repaired = run("summarise UNKNOWNTOOL-once please", "default", null);
        assertThat(repaired.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(eventTypes(repaired)).contains("PLAN_INVALID").doesNotContain("PLAN_FALLBACK");

        JsonNode fallback = run("summarise PROSE-always please", "default", null);
        assertThat(fallback.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(eventTypes(fallback)).contains("PLAN_INVALID", "PLAN_FALLBACK");
        assertThat(app.get("/api/tasks/" + fallback.path("taskId").asText() + "/events").body()).contains("offline-planner");
    }

    @Test
    @Order(4)
    void anEuTaskOnlyReachesEuModelsAndFailsClearlyWhenTheyAreDown() throws Exception {
        String marker = "eu-only-" + System.nanoTime();
        JsonNode ok = run("summarise " + marker, "default", "eu");
        assertThat(ok.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(callsMentioning(claudeEu, marker)).isGreaterThanOrEqualTo(3); // plan, summarize, reflect
        assertThat(claudeEu.received()).allSatisfy(c -> assertThat(c.headers()).containsEntry("x-api-key", System.getenv("PATH")));

        claudeEu.failAlways(StubModelServer.Fault.serverError());
        String downMarker = "eu-down-" + System.nanoTime();
        JsonNode failed = run("summarise " + downMarker, "default", "eu");
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("outcome").path("reason").asText())
                .contains("no model answered 'plan'", "dataResidency 'eu'", "claude-eu")
                .contains("cheap: region 'us' and tags [] do not satisfy dataResidency 'eu'"); // says why US models were left out
        assertThat(callsMentioning(cheap, marker) + callsMentioning(expensive, marker)
                + callsMentioning(cheap, downMarker) + callsMentioning(expensive, downMarker))
                .as("EU data never went to a US model").isZero();
        assertThat(app.getJson("/api/dead-letters").path("deadLetters").toString()).contains(failed.path("taskId").asText());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** The stub providers' brain: a plan for plan calls (invalid on request), a sentence for everything else. */
    static String answer(StubModelServer.Call call) {
        String system = call.body().has("system") ? call.body().path("system").asText()
                : call.body().path("messages").path(0).path("content").asText();
        String user = call.lastUserText();
        if (!system.startsWith("You plan work")) {
            return "A short stub answer.";
        }
        boolean repairing = system.contains("previousAnswer");
        if (user.contains("PROSE-always")) {
            return "Sure! First I will think about it, then I will do it.";
        }
        if (user.contains("UNKNOWNTOOL-once") && !repairing) {
            return "[{\"tool\": \"email.send\", \"args\": {\"to\": \"x@example.com\"}}]";
        }
        return "```json\n[{\"tool\": \"text.summarize\", \"args\": {\"text\": \"{{goal}}\", \"sentences\": 1},"
                + " \"rationale\": \"stub plan\"}]\n```";
    }

    private static JsonNode run(String goal, String tenant, String residency) throws Exception {
        String id = Json.MAPPER.readTree(app.postJson(task(goal, tenant, residency, null)).body()).path("taskId").asText();
        return app.awaitTerminal(id);
    }

    private static String task(String goal, String tenant, String residency, String maxCost) {
        var task = Json.MAPPER.createObjectNode().put("goal", goal).put("tenant", tenant);
        var constraints = task.putObject("constraints");
        if (residency != null) {
            constraints.put("dataResidency", residency);
        }
        if (maxCost != null) {
            constraints.put("maxCostUsd", new BigDecimal(maxCost));
        }
        return task.toString();
    }

    private static long planCalls(StubModelServer stub) {
        return stub.received().stream().filter(c -> answerIsPlan(c)).count();
    }

    private static boolean answerIsPlan(StubModelServer.Call c) {
        return c.body().toString().contains("You plan work");
    }

    private static long callsMentioning(StubModelServer stub, String marker) {
        return stub.received().stream().filter(c -> c.body().toString().contains(marker)).count();
    }

    private static String circuit(String model) throws Exception {
        for (JsonNode m : app.getJson("/api/models").path("models")) {
            if (m.path("name").asText().equals(model)) {
                return m.path("health").path("circuit").asText();
            }
        }
        throw new AssertionError("model " + model + " not in /api/models");
    }

    private static BigDecimal spentBy(String taskId) throws Exception {
        return new BigDecimal(TestStore.rows(schema,
                "SELECT coalesce(sum(cost_usd), 0) FROM model_calls WHERE task_id IN (SELECT id FROM tasks WHERE client_id = '" + taskId + "')").get(0));
    }

    private static List<String> eventTypes(JsonNode task) throws Exception {
        List<String> types = new ArrayList<>();
        app.getJson("/api/tasks/" + task.path("taskId").asText() + "/events").path("events")
                .forEach(e -> types.add(e.path("name").asText()));
        return types;
    }
}
