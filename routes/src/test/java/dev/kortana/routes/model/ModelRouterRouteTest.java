package dev.kortana.routes.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.TaskConstraints;
import dev.kortana.it.StubModelServer;
import dev.kortana.it.UnlimitedSpending;
import dev.kortana.processors.model.BreakerSettings;
import dev.kortana.processors.model.BudgetLimits;
import dev.kortana.processors.model.ModelCallRecord;
import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.model.ModelRouter;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.ModelsUnavailable;
import dev.kortana.processors.model.OfflineModel;
import dev.kortana.processors.model.RoutingPolicy;
import dev.kortana.routes.Endpoints;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The model routes with real HTTP to a stub provider, without a database: the router, the per-model circuit breaker
 * route, the provider choice() and the wire protocols.
 */
class ModelRouterRouteTest {

    private CamelContext context;
    private StubModelServer stub;
    private final List<ModelCallRecord> recorded = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void routesACallToTheOfflineProvider() throws Exception {
        start(List.of(offline()));
        NotifyBuilder offline = new NotifyBuilder(context).wereSentTo(Endpoints.PROVIDER_OFFLINE).whenCompleted(1).create();

        ModelResponse response = call(new ModelRequest("summarize", "t1", "",
                Json.MAPPER.readTree("{\"text\":\"One. Two. Three. Four.\",\"sentences\":2}")));

        assertThat(offline.matches()).isTrue();
        assertThat(response.provider()).isEqualTo("offline");
        assertThat(response.text()).isNotBlank();
    }

    @Test
    void speaksOpenAiAnthropicAndOllamaOverHttpAndCostsTheReportedUsage() throws Exception {
        stub = StubModelServer.start("all").usage(1000, 500).reply(c -> "answer for " + c.model());
        start(List.of(remote("oa", "openai", stub.openAiEndpoint(), "0.001", Set.of("eu")),
                remote("an", "anthropic", stub.anthropicEndpoint(), "0.002", Set.of("us")),
                remote("ol", "ollama", stub.ollamaEndpoint(), "0.003", Set.of("local"))));

        ModelResponse eu = call(request("eu"));
        ModelResponse us = call(request("us"));
        ModelResponse local = call(request("local"));
        assertThat(local.provider()).isEqualTo("ollama");
        assertThat(local.text()).isEqualTo("answer for ol-model");

        assertThat(eu.text()).isEqualTo("answer for oa-model");
        assertThat(eu.costUsd()).isEqualByComparingTo("0.0015"); // 1000 in + 500 out at $0.001 per 1k
        assertThat(us.text()).isEqualTo("answer for an-model");
        assertThat(us.provider()).isEqualTo("anthropic");
        assertThat(stub.received()).extracting(StubModelServer.Call::path)
                .containsExactly("/v1/chat/completions", "/v1/messages", "/api/chat");
        assertThat(stub.received().get(1).headers()).containsEntry("anthropic-version", "2023-06-01");
    }

    @Test
    void retriesA429AfterItsRetryAfterThenFallsBackOnRepeated500s() throws Exception {
        stub = StubModelServer.start("flaky").failNext(1, StubModelServer.Fault.rateLimited(0));
        // "ordered": the offline model is free, so cheapest-first would never try the stub.
        start(List.of(remote("cheap", "openai", stub.openAiEndpoint(), "0.001", Set.of()), offline()), "ordered");

        assertThat(call(request(null)).provider()).isEqualTo("openai");
        assertThat(stub.calls()).isEqualTo(2);

        stub.resetCounts();
        stub.failAlways(StubModelServer.Fault.serverError());
        ModelResponse fallback = call(request(null));
        assertThat(fallback.provider()).isEqualTo("offline");
        assertThat(stub.calls()).isEqualTo(2); // first try and one retry
        assertThat(recorded).as(recorded.toString()).filteredOn(r -> r.model().equals("cheap") && !r.ok()).hasSize(3);
    }

    @Test
    void aModelThatHangsPastItsTimeoutOrCutsItsAnswerShortIsLeftForTheNextOne() throws Exception {
        stub = StubModelServer.start("slow").failNext(2, StubModelServer.Fault.hang(5_000));
        ModelSpec slow = new ModelSpec("slow", "openai", stub.openAiEndpoint(), "slow-model", null, BigDecimal.ONE,
                BigDecimal.ONE, "", Set.of(), Set.of("summarize"), 8192, 512, 300, 4);
        start(List.of(slow, offline()), "ordered");

        assertThat(call(request(null)).provider()).isEqualTo("offline");
        assertThat(recorded).filteredOn(r -> r.model().equals("slow"))
                .hasSize(2) // first try and one retry
                .allSatisfy(r -> assertThat(r.error()).contains("no answer within 300 ms"))
                .allSatisfy(r -> assertThat(r.costUsd()).as("a lost answer may have been billed").isPositive());

        recorded.clear();
        stub.healthy().failNext(2, StubModelServer.Fault.truncated());
        assertThat(call(request(null)).provider()).isEqualTo("offline");
        assertThat(recorded).filteredOn(r -> r.model().equals("slow")).hasSize(2)
                .allSatisfy(r -> assertThat(r.error()).contains("cut off"));
    }

    @Test
    void whenEveryEligibleModelFailsTheCallFailsNamingEachModel() throws Exception {
        stub = StubModelServer.start("down").failAlways(StubModelServer.Fault.malformedJson());
        start(List.of(remote("only", "openai", stub.openAiEndpoint(), "0.001", Set.of("eu"))));

        assertThatThrownBy(() -> call(request("eu")))
                .isInstanceOf(ModelsUnavailable.class)
                .hasMessageContaining("within dataResidency 'eu'")
                .hasMessageContaining("only: ")
                .hasMessageContaining("malformed JSON");
    }

    private ModelResponse call(ModelRequest request) {
        try {
            return context.createProducerTemplate().requestBody(Endpoints.MODEL, request, ModelResponse.class);
        } catch (CamelExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private static ModelRequest request(String residency) {
        return new ModelRequest("summarize", "t1", "default", new TaskConstraints(null, null, residency, null, false),
                "Summarise.", Json.MAPPER.createObjectNode().put("text", "Some text."));
    }

    private static ModelSpec offline() {
        return new ModelSpec("offline", "offline", null, "kortana-offline-1", null, null, null, "local", Set.of(),
                Set.of("plan", "summarize", "reflect"), 100_000, 1024, 5000, 8);
    }

    private static ModelSpec remote(String name, String provider, String endpoint, String price, Set<String> tags) {
        return new ModelSpec(name, provider, endpoint, name + "-model", null, new BigDecimal(price), new BigDecimal(price),
                "", tags, Set.of("summarize"), 8192, 512, 2000, 4);
    }

    private void start(List<ModelSpec> models) throws Exception {
        start(models, "cheapest");
    }

    private void start(List<ModelSpec> models, String strategy) throws Exception {
        ModelCatalog catalog = ModelCatalog.of(models, new RoutingPolicy(Map.of("summarize", strategy), 1, 10L, 1000L, 1, 0.2),
                BreakerSettings.DEFAULTS, BudgetLimits.NONE, name -> null);
        context = new DefaultCamelContext();
        ModelBreakers breakers = new ModelBreakers(catalog);
        breakers.bind(context.getRegistry());
        context.getRegistry().bind("modelRouter", new ModelRouter(catalog, new ModelRouteTransport(context), new UnlimitedSpending(),
                recorded::add, duration -> { }));
        context.getRegistry().bind("offlineModel", new OfflineModel());
        context.addRoutes(new ModelRouterRoute(catalog));
        context.start();
    }
}
