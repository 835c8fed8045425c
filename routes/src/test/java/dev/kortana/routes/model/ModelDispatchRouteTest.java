package dev.kortana.routes.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.processors.model.BreakerSettings;
import dev.kortana.processors.model.BudgetLimits;
import dev.kortana.processors.model.ModelCallFailed;
import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.OfflineModel;
import dev.kortana.processors.model.RoutingPolicy;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.RouteTestSupport;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The model routes' shape, with the provider routes mocked: the provider {@code choice()} takes the model's branch,
 * an unknown provider fails, and a model whose circuit breaker is open is refused without reaching any provider.
 */
class ModelDispatchRouteTest extends RouteTestSupport {

    private static final List<String> PROVIDERS = List.of(Endpoints.PROVIDER_OPENAI, Endpoints.PROVIDER_ANTHROPIC,
            Endpoints.PROVIDER_OLLAMA, Endpoints.PROVIDER_OFFLINE);

    private final ModelCatalog catalog = ModelCatalog.of(List.of(model("gpt", "openai"), model("local", "offline")),
            new RoutingPolicy(Map.of(), 1, 10L, 1000L, 1, 0.2), BreakerSettings.DEFAULTS, BudgetLimits.NONE, name -> null);

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        configuration.withMockEndpointsAndSkip("direct:provider-.*");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        new ModelBreakers(catalog).bind(registry);
        registry.bind("modelRouter", new Object() {
            public Object call(Object request) {
                throw new AssertionError("model-router is not under test here");
            }
        });
        registry.bind("offlineModel", new OfflineModel());
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new ModelRouterRoute(catalog);
    }

    @BeforeEach
    void start() {
        context.start();
    }

    @ParameterizedTest
    @CsvSource({"openai, direct:provider-openai", "anthropic, direct:provider-anthropic", "ollama, direct:provider-ollama",
            "offline, direct:provider-offline"})
    void theProviderChoiceTakesTheModelsBranch(String provider, String route) throws Exception {
        for (String each : PROVIDERS) {
            getMockEndpoint("mock:" + each).expectedMessageCount(each.equals(route) ? 1 : 0);
            getMockEndpoint("mock:" + each).setSleepForEmptyTest(0);
        }

        template.sendBodyAndHeader(Endpoints.MODEL_DISPATCH, "request", Headers.MODEL_PROVIDER, provider);

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aProviderWithoutARouteFails() {
        assertThatThrownBy(() -> template.sendBodyAndHeader(Endpoints.MODEL_DISPATCH, "request", Headers.MODEL_PROVIDER, "bedrock"))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no route for model provider bedrock");
    }

    @Test
    void aModelGoesThroughItsBreakerToItsProvider() throws Exception {
        getMockEndpoint("mock:" + Endpoints.PROVIDER_OPENAI).expectedMessageCount(1);

        template.sendBodyAndHeader(Endpoints.model("gpt"), "request", Headers.MODEL_PROVIDER, "openai");

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aBreakerOpenedByFailuresNamesTheFailureItOpenedAfter() throws Exception {
        MockEndpoint openai = getMockEndpoint("mock:" + Endpoints.PROVIDER_OPENAI);
        openai.whenAnyExchangeReceived(e -> {
            throw ModelCallFailed.status(503, "the upstream is overloaded", null);
        });
        CircuitBreaker breaker = context.getRegistry().lookupByNameAndType(ModelBreakers.beanName("gpt"), CircuitBreaker.class);
        for (int i = 0; i < 50 && breaker.getState() == CircuitBreaker.State.CLOSED; i++) {
            assertThatThrownBy(() -> template.sendBodyAndHeader(Endpoints.model("gpt"), "request", Headers.MODEL_PROVIDER, "openai"))
                    .hasRootCauseInstanceOf(ModelCallFailed.class);
        }

        assertThatThrownBy(() -> template.sendBodyAndHeader(Endpoints.model("gpt"), "request", Headers.MODEL_PROVIDER, "openai"))
                .cause().isInstanceOf(CircuitOpen.class)
                .hasMessage("circuit breaker is open; gpt is cooling down (it opened after: HTTP 503)");
        assertThat(context.getRegistry().lookupByNameAndType(ModelBreakers.BEAN, ModelBreakers.class).openedBy("gpt"))
                .as("only the kind: the text may be another tenant's call's").isEqualTo("HTTP 503");
    }

    @Test
    void anOpenBreakerRefusesTheCallWithoutReachingTheProvider() throws Exception {
        MockEndpoint openai = getMockEndpoint("mock:" + Endpoints.PROVIDER_OPENAI);
        openai.expectedMessageCount(0);
        openai.setSleepForEmptyTest(0);
        context.getRegistry().lookupByNameAndType(ModelBreakers.beanName("gpt"), CircuitBreaker.class).transitionToOpenState();

        assertThatThrownBy(() -> template.sendBodyAndHeader(Endpoints.model("gpt"), "request", Headers.MODEL_PROVIDER, "openai"))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(CircuitOpen.class)
                .hasMessageContaining("gpt is cooling down");
        MockEndpoint.assertIsSatisfied(context);
        assertThat(context.getRegistry().lookupByNameAndType(ModelBreakers.beanName("local"), CircuitBreaker.class).getState())
                .as("another model's breaker").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private static ModelSpec model(String name, String provider) {
        return new ModelSpec(name, provider, provider.equals("offline") ? null : "http://127.0.0.1:1/v1", name + "-model",
                null, BigDecimal.ONE, BigDecimal.ONE, "", Set.of(), Set.of("summarize"), 8192, 512, 2000, 4);
    }
}
