package dev.kortana.routes.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.camel.component.kafka.serde.KafkaHeaderDeserializer;

/**
 * Kafka record headers as Camel headers: the W3C trace context ({@code traceparent}, {@code tracestate}, {@code baggage})
 * as text, so camel-opentelemetry2 (which reads text headers only) continues the producer's trace; every other header
 * as the bytes it was, so a dead-lettered record keeps them exactly.
 */
public final class TraceHeaderDeserializer implements KafkaHeaderDeserializer {

    private static final Set<String> TRACE_CONTEXT = Set.of("traceparent", "tracestate", "baggage");

    @Override
    public Object deserialize(String key, byte[] value) {
        return value != null && TRACE_CONTEXT.contains(key) ? new String(value, StandardCharsets.UTF_8) : value;
    }
}
