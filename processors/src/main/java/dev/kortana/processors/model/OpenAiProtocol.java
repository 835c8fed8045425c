package dev.kortana.processors.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import java.util.Map;

/** OpenAI-compatible chat completions: OpenAI, Azure OpenAI, vLLM, llama.cpp server, LM Studio, Ollama's /v1, OpenRouter. */
public class OpenAiProtocol implements WireProtocol {

    @Override
    public String path() {
        return "/chat/completions";
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
        body.put("max_tokens", spec.maxOutputTokens());
        body.put("temperature", 0);
        body.put("stream", false);
        return body.toString();
    }

    @Override
    public ModelResponse answer(ModelSpec spec, ModelRequest request, String body) {
        JsonNode node = WireProtocol.parse(body, spec);
        JsonNode content = node.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw ModelCallFailed.lostAnswer(spec.name() + " answered without choices[0].message.content");
        }
        JsonNode usage = node.path("usage");
        return WireProtocol.response(spec, request, content.asText(), usage.path("prompt_tokens"), usage.path("completion_tokens"));
    }
}
