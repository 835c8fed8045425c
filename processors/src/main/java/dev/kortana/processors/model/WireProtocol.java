package dev.kortana.processors.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One provider's wire format: the request body and headers for a {@link ModelRequest}, and the answer or failure read
 * back from an HTTP response. Adding a provider is one of these plus one route.
 */
public interface WireProtocol {

    /** Path appended to the model's endpoint, e.g. {@code /chat/completions}. */
    String path();

    /** Headers to send besides Content-Type; the API key goes here and nowhere else. */
    Map<String, String> headers(String apiKey);

    /** The JSON request body. */
    String requestBody(ModelSpec spec, ModelRequest request);

    /** Reads a 2xx answer; usage missing from the answer is bounded from the sizes of prompt and answer. */
    ModelResponse answer(ModelSpec spec, ModelRequest request, String body);

    /** Reads a non-2xx answer into a failure that says whether retrying can help. */
    default ModelCallFailed failure(int status, String retryAfter, String body) {
        return ModelCallFailed.status(status, errorMessage(body), parseRetryAfter(retryAfter));
    }

    /** The system prompt and the input as the two messages OpenAI-style chat APIs take. */
    static void chatMessages(ArrayNode messages, ModelRequest request) {
        messages.addObject().put("role", "system").put("content", Prompts.system(request));
        messages.addObject().put("role", "user").put("content", Prompts.user(request));
    }

    /** An {@code Authorization: Bearer} header, or none without a key. */
    static Map<String, String> bearer(String apiKey) {
        return apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    }

    /** Parses a JSON answer, or fails the call as retryable: a garbled answer may come out right next time. */
    static JsonNode parse(String body, ModelSpec spec) {
        try {
            JsonNode node = Json.MAPPER.readTree(body == null ? "" : body);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ModelCallFailed.lostAnswer(spec.name() + " answered with malformed JSON: " + e.getMessage().lines()
                    .findFirst().orElse(""));
        }
    }

    /**
     * Builds the response from what a 2xx answer says, believing only what can be true. An answer without text, or one
     * that only repeats the prompt (an echo server or a gateway misrouting the call), is a fault: the call fails as
     * retryable and the next model may answer. Usage the provider does not report, reports as negative, or reports as
     * zero beside a prompt or an answer that has text, is booked at its upper bound: the byte counts.
     */
    static ModelResponse response(ModelSpec spec, ModelRequest request, String text, JsonNode tokensIn, JsonNode tokensOut) {
        if (text == null || text.isBlank()) {
            throw ModelCallFailed.lostAnswer(spec.name() + " answered 2xx with no text");
        }
        if (echoes(text, request)) {
            throw ModelCallFailed.lostAnswer(spec.name() + " answered with its prompt repeated back, not an answer");
        }
        long in = positive(tokensIn) ? tokensIn.asLong() : Prompts.maxPromptTokens(request);
        long out = positive(tokensOut) ? tokensOut.asLong() : text.getBytes(StandardCharsets.UTF_8).length;
        return new ModelResponse(spec.provider(), spec.model(), text, in, out, spec.cost(in, out), 0);
    }

    /** A count that can be true: a whole number above zero (a prompt and an answer with text are never zero tokens). */
    private static boolean positive(JsonNode count) {
        return count.canConvertToLong() && count.asLong() > 0;
    }

    /** Whether the answer is the prompt (the user part, the system part, or both) and nothing else. */
    static boolean echoes(String text, ModelRequest request) {
        String answer = squash(text);
        if (answer.length() < 16) {
            return false; // "OK", "yes": a short answer may well match a short prompt
        }
        String user = squash(Prompts.user(request));
        String system = squash(Prompts.system(request));
        return answer.equals(user) || answer.equals(system) || answer.equals(squash(system + " " + user))
                || answer.equals(squash(user + " " + system));
    }

    private static String squash(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    /** The message of an OpenAI-, Ollama- or Anthropic-style error body, or the start of the body. */
    static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            JsonNode error = node.path("error");
            if (error.isTextual()) {
                return error.asText();
            }
            if (error.path("message").isTextual()) {
                return error.path("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    /** Retry-After in seconds (the form LLM providers use); an HTTP date or garbage is ignored. */
    public static Duration parseRetryAfter(String value) {
        if (value == null) {
            return null;
        }
        String seconds = value.trim();
        if (!seconds.matches("\\d{1,15}(\\.\\d{1,9})?")) {
            // An HTTP date, a sign, an exponent or a number past any sensible wait: longer than we will wait.
            return seconds.matches("\\d{16,}(\\.\\d*)?") ? Duration.ofDays(365) : null;
        }
        return Duration.ofMillis(new BigDecimal(seconds).movePointRight(3).longValue());
    }
}
