package dev.kortana.processors.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import java.util.Map;

/** Ollama's native chat API, non-streaming. */
public class OllamaProtocol implements WireProtocol {

    @Override
    public String path() {
        return "/api/chat";
    }

    @Override
    public Map<String, String> headers(String apiKey) {
        return WireProtocol.bearer(apiKey);
    }

    @Override
    public String requestBody(ModelSpec spec, ModelRequest request) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", spec.model());
        WireProtocol.chatMessages(body.putArray("messages"), request);
        body.put("stream", false);
        body.putObject("options").put("num_predict", spec.maxOutputTokens()).put("temperature", 0);
        return body.toString();
    }

    @Override
    public ModelResponse answer(ModelSpec spec, ModelRequest request, String body) {
        JsonNode node = WireProtocol.parse(body, spec);
        JsonNode content = node.path("message").path("content");
        if (!content.isTextual()) {
            throw ModelCallFailed.lostAnswer(spec.name() + " answered without message.content");
        }
        return WireProtocol.response(spec, request, content.asText(), node.path("prompt_eval_count"), node.path("eval_count"));
    }
}
