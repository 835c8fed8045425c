package dev.kortana.processors.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Anthropic Messages API. */
public class AnthropicProtocol implements WireProtocol {

    static final String API_VERSION = "2023-06-01";

    @Override
    public String path() {
        return "/v1/messages";
    }

    @Override
    public Map<String, String> headers(String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("anthropic-version", API_VERSION);
        if (apiKey != null) {
            headers.put("x-api-key", apiKey);
        }
        return headers;
    }

    @Override
    public String requestBody(ModelSpec spec, ModelRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", spec.model());
        body.put("max_tokens", spec.maxOutputTokens());
        body.put("system", Prompts.system(request));
        body.putArray("messages").addObject().put("role", "user").put("content", Prompts.user(request));
        body.put("temperature", 0);
        return body.toString();
    }

    @Override
    public ModelResponse answer(ModelSpec spec, ModelRequest request, String body) {
        JsonNode node = WireProtocol.parse(body, spec);
        StringBuilder text = new StringBuilder();
        boolean any = false;
        for (JsonNode block : node.path("content")) {
            if ("text".equals(block.path("type").asText()) && block.path("text").isTextual()) {
                text.append(block.path("text").asText());
                any = true;
            }
        }
        if (!any) {
            throw ModelCallFailed.lostAnswer(spec.name() + " answered without a text content block");
        }
        JsonNode usage = node.path("usage");
        return WireProtocol.response(spec, request, text.toString(), usage.path("input_tokens"), usage.path("output_tokens"));
    }
}
