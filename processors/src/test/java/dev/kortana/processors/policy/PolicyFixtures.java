package dev.kortana.processors.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskConstraints;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.tools.ToolSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tasks, tools, models and books for the policy tests. */
final class PolicyFixtures {

    /** A Wednesday, 10:00 UTC. */
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    static final ToolSpec MEMORY_SEARCH = tool("memory.search", "memory", List.of("search"), List.of(), null);
    static final ToolSpec FILE_WRITE = tool("file.write", "file", List.of("files"), List.of("writes-data"), null);
    static final ToolSpec HTTP_REQUEST = tool("http.request", "http", List.of("fetch"), List.of("external-network"), null);
    static final ToolSpec PAYMENTS_REFUND = tool("payments.refund", "route", List.of("payments"),
            List.of("irreversible", "writes-data"), "eu");
    static final ToolSpec ORDERS_PLACE = tool("orders.place", "route", List.of("orders"), List.of("irreversible"), "us");

    static final ModelSpec GPT_US = model("gpt-4o", "openai", "us", "soc2");
    static final ModelSpec MISTRAL_EU = model("mistral-large", "openai", "eu", "eu", "gdpr");
    static final ModelSpec OFFLINE = model("offline", "offline", "", "local", "eu", "us");

    private PolicyFixtures() {}

    static PolicyBook book(String yaml) {
        return PolicyBook.load(yaml.getBytes(StandardCharsets.UTF_8), "test-policies.yaml");
    }

    /** The problems of a file that must not load. */
    static List<String> problems(String yaml) {
        PolicyFileException[] thrown = new PolicyFileException[1];
        assertThatThrownBy(() -> book(yaml)).isInstanceOfSatisfying(PolicyFileException.class, e -> thrown[0] = e);
        return thrown[0].problems();
    }

    static AgentTask task(String tenant, TaskConstraints constraints) {
        return new AgentTask("t-1", "Summarize the quarterly report", tenant, null, constraints, null);
    }

    static AgentTask task() {
        return task("acme", null);
    }

    static TaskConstraints residency(String region) {
        return new TaskConstraints(null, null, region, null, false);
    }

    static TaskConstraints approvalRequired() {
        return new TaskConstraints(null, null, null, null, true);
    }

    static StepFacts step(AgentTask task, int index, ToolSpec tool) {
        return new StepFacts(task, index, new PlanStep(tool.name(), Map.of("q", "x"), null, null), tool, null, NOW);
    }

    static StepFacts step(ToolSpec tool) {
        return step(task(), 0, tool);
    }

    static ModelFacts call(String purpose, ModelSpec model, TaskConstraints constraints) {
        return new ModelFacts("t-1", "acme", constraints, purpose, model, null, NOW);
    }

    static ModelFacts call(ModelSpec model) {
        return call("plan", model, null);
    }

    static ToolSpec tool(String name, String kind, List<String> capabilities, List<String> safety, String region) {
        return new ToolSpec(name, kind, "test tool " + name, null, null, null, null, capabilities, safety, null, null,
                false, null, null, null, region, null, null, null, null, null, null, null, false, null, null, null);
    }

    static ModelSpec model(String name, String provider, String region, String... compliance) {
        return new ModelSpec(name, provider, "https://models.example.com/v1", name, null, new BigDecimal("0.001"),
                new BigDecimal("0.002"), region, Set.of(compliance), Set.of("plan", "summarize", "reflect"), 128_000,
                1024, 30_000, 8);
    }
}
