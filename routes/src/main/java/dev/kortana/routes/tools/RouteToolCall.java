package dev.kortana.routes.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolFailure;
import dev.kortana.processors.tools.ToolResult;
import dev.kortana.routes.Headers;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The {@code route} tool kind: what an operator's endpoint receives and how its answer becomes a result. The endpoint
 * gets the arguments as a JSON object body and the call's identity as headers; it answers with any body: JSON is
 * kept as JSON, anything else becomes {@code {"text": ...}}.
 */
public class RouteToolCall {

    public void prepare(Exchange exchange) {
        ToolCall call = exchange.getMessage().getBody(ToolCall.class);
        Message in = exchange.getMessage();
        in.setHeader(Headers.TASK_ID, call.taskId());
        in.setHeader(Headers.TOOL_TENANT, call.tenant());
        in.setHeader(Headers.TOOL_STEP, call.stepIndex());
        if (call.idempotencyKey() != null) {
            in.setHeader(Headers.IDEMPOTENCY_KEY, call.idempotencyKey());
        }
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(Json.MAPPER.valueToTree(call.args()).toString());
    }

    public ToolResult result(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        JsonNode output = body == null ? Json.MAPPER.createObjectNode() : asJson(body, exchange);
        if (output.isObject() && !output.has("text")) {
            ((ObjectNode) output).put("text", output.toString());
        } else if (!output.isObject()) {
            ObjectNode wrapped = Json.MAPPER.createObjectNode();
            wrapped.set("value", output);
            wrapped.put("text", output.isTextual() ? output.asText() : output.toString());
            output = wrapped;
        }
        return new ToolResult(output, null);
    }

    public void unknownKind(Exchange exchange) {
        throw new ToolFailure("tool kind '" + exchange.getMessage().getHeader(Headers.TOOL_KIND)
                + "' has no route; kinds: http, sql, file, kafka, model, memory, route");
    }

    private static JsonNode asJson(Object body, Exchange exchange) {
        if (body instanceof JsonNode node) {
            return node;
        }
        if (body instanceof java.util.Map<?, ?> || body instanceof java.util.Collection<?> || body instanceof Number
                || body instanceof Boolean) {
            return Json.MAPPER.valueToTree(body);
        }
        String text = exchange.getMessage().getBody(String.class);
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode(text);
        }
    }
}
