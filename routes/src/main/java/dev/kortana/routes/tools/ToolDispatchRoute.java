package dev.kortana.routes.tools;

import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;

/**
 * One tool call, routed by kind: a {@code choice()} sends it to the code that runs that kind. The body in is a
 * {@code ToolCall}, the body out a {@code ToolResult}. Failures go back to the caller (the execution stage), which
 * owns retries and the idempotency ledger, so these routes have no error handler of their own.
 */
public class ToolDispatchRoute extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.TOOL_DISPATCH)
                .routeId("tool-dispatch")
                .errorHandler(noErrorHandler())
                .choice()
                    .when(header(Headers.TOOL_KIND).isEqualTo("http")).bean("httpTool", "invoke")
                    .when(header(Headers.TOOL_KIND).isEqualTo("sql")).bean("sqlTool", "invoke")
                    .when(header(Headers.TOOL_KIND).isEqualTo("file")).bean("fileTool", "invoke")
                    .when(header(Headers.TOOL_KIND).isEqualTo("memory")).bean("memoryTool", "invoke")
                    .when(header(Headers.TOOL_KIND).isEqualTo("model")).bean("modelTool", "invoke")
                    .when(header(Headers.TOOL_KIND).isEqualTo("kafka")).to(Endpoints.TOOL_KAFKA)
                    .when(header(Headers.TOOL_KIND).isEqualTo("route")).to(Endpoints.TOOL_ROUTE)
                    .otherwise().bean("routeToolCall", "unknownKind")
                .end();

        // An operator's own Camel endpoint: the arguments go as the body, the answer comes back as the result.
        from(Endpoints.TOOL_ROUTE)
                .routeId("tool-route")
                .errorHandler(noErrorHandler())
                .bean("routeToolCall", "prepare")
                .setExchangePattern(ExchangePattern.InOut)
                .toD("${header." + Headers.TOOL_ENDPOINT + "}")
                .bean("routeToolCall", "result");

        from(Endpoints.TOOL_KAFKA)
                .routeId("tool-kafka")
                .errorHandler(noErrorHandler())
                .bean("kafkaToolCall", "prepare")
                .toD("kafka:${header." + Headers.TOOL_TOPIC + "}?brokers={{kortana.kafka.brokers}}")
                .bean("kafkaToolCall", "result");
    }
}
