package dev.kortana.routes.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolFailure;
import dev.kortana.processors.tools.ToolResult;
import dev.kortana.routes.Headers;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The {@code kafka} tool kind: publishes {@code value} (text, or any JSON) with an optional {@code key} to
 * {@code topic}, which must be one of the tool's {@code topics} (the only one may be left out). The record carries
 * the call's Idempotency-Key header, so consumers can drop a duplicate.
 */
public class KafkaToolCall {

    private final boolean kafkaEnabled;

    public KafkaToolCall(boolean kafkaEnabled) {
        this.kafkaEnabled = kafkaEnabled;
    }

    public void prepare(Exchange exchange) {
        ToolCall call = exchange.getMessage().getBody(ToolCall.class);
        if (!kafkaEnabled) {
            throw new ToolFailure("kafka tools need kortana.kafka.brokers; it is empty on this instance");
        }
        List<String> topics = call.spec().topics();
        Object requested = call.args().get("topic");
        String topic = requested == null && topics.size() == 1 ? topics.get(0) : String.valueOf(requested);
        if (!topics.contains(topic)) {
            throw new ToolFailure("topic '" + topic + "' is not one of the topics of " + call.spec().name() + ": " + topics);
        }
        Object value = call.args().get("value");
        if (value == null) {
            throw new ToolFailure("argument 'value' is required: the record to publish");
        }
        Message out = exchange.getMessage();
        out.setHeader(Headers.TOOL_TOPIC, topic);
        Object key = call.args().get("key");
        if (key != null) {
            out.setHeader(KafkaConstants.KEY, String.valueOf(key));
        }
        if (call.idempotencyKey() != null) {
            out.setHeader(Headers.IDEMPOTENCY_KEY, call.idempotencyKey());
        }
        out.setHeader(Headers.KAFKA_TASK_ID, call.taskId());
        out.setBody(value instanceof String s ? s : Json.MAPPER.valueToTree(value).toString());
    }

    public ToolResult result(Exchange exchange) {
        ObjectNode output = Json.MAPPER.createObjectNode();
        String topic = exchange.getMessage().getHeader(Headers.TOOL_TOPIC, String.class);
        output.put("topic", topic);
        @SuppressWarnings("unchecked")
        List<RecordMetadata> sent = exchange.getMessage().getHeader(KafkaConstants.KAFKA_RECORD_META, List.class);
        if (sent != null && !sent.isEmpty()) {
            output.put("partition", sent.get(0).partition());
            output.put("offset", sent.get(0).offset());
        }
        output.put("text", "published to " + topic + (output.has("offset") ? " at offset " + output.get("offset") : ""));
        return new ToolResult(output, null);
    }
}
