package dev.kortana.routes.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.contracts.Json;
import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolFailure;
import dev.kortana.processors.tools.ToolResult;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.RouteTestSupport;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tool-kind {@code choice()}: each built-in kind reaches its own bean, {@code route} and {@code kafka} reach their
 * routes with the call's identity as headers, and an unknown kind fails naming the kinds there are.
 */
class ToolDispatchRouteTest extends RouteTestSupport {

    private static final String KAFKA = "mock:kafka";
    private static final String OPERATOR_ROUTE = "direct:inventory";

    @Override
    protected Map<String, String> overrides() {
        return Map.of("kortana.kafka.brokers", "127.0.0.1:1"); // never dialled: the producer is advised away
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        for (String kind : List.of("http", "sql", "file", "memory", "model")) {
            registry.bind(kind + "Tool", new BuiltIn(kind));
        }
        registry.bind("routeToolCall", new RouteToolCall());
        registry.bind("kafkaToolCall", new KafkaToolCall(true));
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new ToolDispatchRoute(), new RouteBuilder() {
            @Override
            public void configure() {
                // An operator's own route, as a route tool targets it: answers JSON and shows what it was sent.
                from(OPERATOR_ROUTE).routeId("inventory").to("mock:inventory")
                        .setBody(simple("{\"sku\":\"A-1\",\"stock\":7,\"step\":${header." + Headers.TOOL_STEP + "}}"));
            }
        }};
    }

    @BeforeEach
    void start() throws Exception {
        AdviceWith.adviceWith(context, "tool-kafka", route -> route.weaveByToUri("kafka:*").replace().to(KAFKA));
        context.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "sql", "file", "memory", "model"})
    void aBuiltInKindReachesItsOwnTool(String kind) {
        ToolResult result = dispatch(kind, call(spec("probe", kind, null), Map.of("q", "stock")));

        assertThat(result.output().path("kind").asText()).isEqualTo(kind);
    }

    @Test
    void aRouteToolSendsTheArgumentsAsJsonToTheOperatorsEndpointAndKeepsItsJsonAnswer() throws Exception {
        MockEndpoint inventory = getMockEndpoint("mock:inventory");
        inventory.expectedBodiesReceived("{\"sku\":\"A-1\"}");
        inventory.expectedHeaderReceived(Headers.TASK_ID, "t-1");
        inventory.expectedHeaderReceived(Headers.IDEMPOTENCY_KEY, "key-1");
        getMockEndpoint(KAFKA).expectedMessageCount(0);

        ToolCall call = new ToolCall("t-1", "acme", 2, Map.of("sku", "A-1"), null, spec("inventory.lookup", "route", null), "key-1");
        ToolResult result = template.request(Endpoints.TOOL_DISPATCH, e -> {
            e.getMessage().setBody(call);
            e.getMessage().setHeader(Headers.TOOL_KIND, "route");
            e.getMessage().setHeader(Headers.TOOL_ENDPOINT, OPERATOR_ROUTE);
        }).getMessage().getBody(ToolResult.class);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(result.output().path("stock").asInt()).isEqualTo(7);
        assertThat(result.output().path("step").asInt()).isEqualTo(2);
    }

    @Test
    void aKafkaToolPublishesTheValueUnderItsKeyToTheToolsTopic() throws Exception {
        MockEndpoint kafka = getMockEndpoint(KAFKA);
        kafka.expectedBodiesReceived("{\"order\":42}");
        kafka.expectedHeaderReceived(KafkaConstants.KEY, "42");
        kafka.expectedHeaderReceived(Headers.IDEMPOTENCY_KEY, "key-9");
        kafka.expectedHeaderReceived(Headers.KAFKA_TASK_ID, "t-1");
        getMockEndpoint("mock:inventory").expectedMessageCount(0);

        ToolCall call = new ToolCall("t-1", "acme", 0, Map.of("key", 42, "value", Map.of("order", 42)), null,
                spec("orders.publish", "kafka", List.of("orders")), "key-9");
        ToolResult result = dispatch("kafka", call);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(result.output().path("topic").asText()).isEqualTo("orders");
    }

    @Test
    void anUnknownKindFailsNamingTheKindsThereAre() {
        ToolCall call = call(spec("probe", "http", null), Map.of());

        assertThatThrownBy(() -> dispatch("ftp", call))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(ToolFailure.class)
                .hasMessageContaining("tool kind 'ftp' has no route")
                .hasMessageContaining("http, sql, file, kafka, model, memory, route");
    }

    private ToolResult dispatch(String kind, ToolCall call) {
        return template.requestBodyAndHeader(Endpoints.TOOL_DISPATCH, call, Headers.TOOL_KIND, kind, ToolResult.class);
    }

    private static ToolCall call(ToolSpec spec, Map<String, Object> args) {
        return new ToolCall("t-1", "acme", 0, args, null, spec, null);
    }

    private static ToolSpec spec(String name, String kind, List<String> topics) {
        var json = Json.MAPPER.createObjectNode().put("name", name).put("kind", kind).put("description", "a tool");
        if (topics != null) {
            topics.forEach(json.putArray("topics")::add);
        }
        if (kind.equals("route")) {
            json.put("endpoint", OPERATOR_ROUTE);
        }
        return Json.MAPPER.convertValue(json, ToolSpec.class);
    }

    /** A built-in tool's bean: answers with its own kind, so the test sees which branch ran. */
    public static class BuiltIn {
        private final String kind;

        BuiltIn(String kind) {
            this.kind = kind;
        }

        public ToolResult invoke(ToolCall call) {
            return new ToolResult(Json.MAPPER.createObjectNode().put("kind", kind), null);
        }
    }
}
