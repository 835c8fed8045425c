package dev.kortana.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A local OTLP/HTTP traces receiver (what a collector's {@code otlp} receiver does on {@code /v1/traces}): decodes each
 * protobuf export and keeps its spans, with the instance that sent them.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span: ids in hex, as the W3C header writes them. */
    record Received(String traceId, String spanId, String parentSpanId, String name, String instance, Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<Received> spans = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    List<Received> spans() {
        return List.copyOf(spans);
    }

    List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    private void handle(HttpExchange exchange) throws IOException {
        contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String instance = text(resource.getResource().getAttributesList()).getOrDefault("service.instance.id", "");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                scope.getSpansList().forEach(span -> spans.add(new Received(hex(span.getTraceId().toByteArray()),
                        hex(span.getSpanId().toByteArray()), hex(span.getParentSpanId().toByteArray()), span.getName(), instance,
                        text(span.getAttributesList()))));
            }
        }
        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    private static Map<String, String> text(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, a -> a.getValue().hasStringValue()
                ? a.getValue().getStringValue() : a.getValue().hasIntValue() ? String.valueOf(a.getValue().getIntValue())
                : a.getValue().toString(), (a, b) -> b));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
