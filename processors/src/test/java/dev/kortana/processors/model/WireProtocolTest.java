package dev.kortana.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireProtocolTest {

    private static final ModelSpec SPEC = new ModelSpec("m1", "openai", "https://api.example.com/v1", "provider-model",
            null, new BigDecimal("1"), new BigDecimal("2"), "us", Set.of(), Set.of("plan"), 100_000, 700, null, null);

    private final ModelRequest request = request();

    @Test
    void openAiSendsModelSystemAndUserMessagesAndMaxTokens() throws Exception {
        JsonNode body = Json.MAPPER.readTree(new OpenAiProtocol().requestBody(SPEC, request));

        assertThat(body.path("model").asText()).isEqualTo("provider-model");
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").path(0).path("content").asText()).isEqualTo("Plan the goal.");
        assertThat(body.path("messages").path(1).path("role").asText()).isEqualTo("user");
        assertThat(Json.MAPPER.readTree(body.path("messages").path(1).path("content").asText()))
                .isEqualTo(request.input());
        assertThat(body.path("max_tokens").asInt()).isEqualTo(700);
        assertThat(body.path("stream").asBoolean(true)).isFalse();
    }

    @Test
    void openAiSendsTheKeyAsBearerTokenOnlyWhenThereIsOne() {
        assertThat(new OpenAiProtocol().headers("sk-1")).containsEntry("Authorization", "Bearer sk-1").hasSize(1);
        assertThat(new OpenAiProtocol().headers(null)).isEmpty();
        assertThat(new OpenAiProtocol().path()).isEqualTo("/chat/completions");
    }

    @Test
    void openAiReadsTheAnswerAndItsUsage() {
        String body = """
                {"choices":[{"message":{"role":"assistant","content":"[1,2]"}}],
                 "usage":{"prompt_tokens":120,"completion_tokens":30}}
                """;

        ModelResponse response = new OpenAiProtocol().answer(SPEC, request, body);

        assertThat(response.text()).isEqualTo("[1,2]");
        assertThat(response.tokensIn()).isEqualTo(120);
        assertThat(response.tokensOut()).isEqualTo(30);
        assertThat(response.provider()).isEqualTo("openai");
        assertThat(response.model()).isEqualTo("provider-model");
        assertThat(response.costUsd()).isEqualByComparingTo(SPEC.cost(120, 30));
    }

    @Test
    void boundsMissingUsageByThePromptSizeAndTheAnswerBytes() {
        String body = "{\"choices\":[{\"message\":{\"content\":\"héllo\"}}]}";

        ModelResponse response = new OpenAiProtocol().answer(SPEC, request, body);

        assertThat(response.tokensIn()).isEqualTo(Prompts.maxPromptTokens(request));
        assertThat(response.tokensOut()).isEqualTo(6); // "héllo" is 6 UTF-8 bytes
    }

    @Test
    void booksZeroCountsBesideTextAtTheBoundNotAsFree() {
        String body = "{\"choices\":[{\"message\":{\"content\":\"[1,2,3]\"}}],\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0}}";

        ModelResponse response = new OpenAiProtocol().answer(SPEC, request, body);

        assertThat(response.tokensIn()).isEqualTo(Prompts.maxPromptTokens(request));
        assertThat(response.tokensOut()).isEqualTo(7);
        assertThat(response.costUsd()).isPositive();
    }

    @Test
    void failsATwoHundredWithEmptyContentAsAFaultNotAnAnswer() {
        assertThatThrownBy(() -> new OpenAiProtocol().answer(SPEC, request,
                "{\"choices\":[{\"message\":{\"content\":\"  \"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":0}}"))
                .isInstanceOfSatisfying(ModelCallFailed.class, f -> assertThat(f.retryable()).isTrue())
                .hasMessageContaining("m1 answered 2xx with no text");
    }

    @Test
    void failsAnAnswerThatRepeatsItsPromptAsAFault() {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.putArray("choices").addObject().putObject("message").put("content", " " + Prompts.user(request) + "\n");
        assertThatThrownBy(() -> new OpenAiProtocol().answer(SPEC, request, answer.toString()))
                .isInstanceOfSatisfying(ModelCallFailed.class, f -> assertThat(f.retryable()).isTrue())
                .hasMessageContaining("prompt repeated back");

        String both = Prompts.system(request) + "\n\n" + Prompts.user(request);
        assertThat(WireProtocol.echoes(both, request)).isTrue();
        assertThat(WireProtocol.echoes("[{\"tool\":\"memory.search\",\"args\":{}}]", request)).isFalse();
    }

    @Test
    void openAiFailsAnAnswerWithoutContentAsLost() {
        assertThatThrownBy(() -> new OpenAiProtocol().answer(SPEC, request, "{\"choices\":[]}"))
                .isInstanceOfSatisfying(ModelCallFailed.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.mayHaveBilled()).isTrue();
                })
                .hasMessageContaining("m1 answered without choices[0].message.content");
    }

    @Test
    void anthropicSendsSystemFieldUserMessageAndMaxTokens() throws Exception {
        JsonNode body = Json.MAPPER.readTree(new AnthropicProtocol().requestBody(SPEC, request));

        assertThat(body.path("model").asText()).isEqualTo("provider-model");
        assertThat(body.path("system").asText()).isEqualTo("Plan the goal.");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("user");
        assertThat(Json.MAPPER.readTree(body.path("messages").path(0).path("content").asText())).isEqualTo(request.input());
        assertThat(body.path("max_tokens").asInt()).isEqualTo(700);
    }

    @Test
    void anthropicSendsTheApiVersionAndTheKeyHeader() {
        assertThat(new AnthropicProtocol().headers("ak-1"))
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("x-api-key", "ak-1")
                .doesNotContainKey("Authorization");
        assertThat(new AnthropicProtocol().headers(null)).containsOnlyKeys("anthropic-version");
        assertThat(new AnthropicProtocol().path()).isEqualTo("/v1/messages");
    }

    @Test
    void anthropicJoinsTheTextBlocksAndReadsUsage() {
        String body = """
                {"content":[{"type":"text","text":"Hello, "},{"type":"tool_use","id":"x"},{"type":"text","text":"world"}],
                 "usage":{"input_tokens":11,"output_tokens":7}}
                """;

        ModelResponse response = new AnthropicProtocol().answer(SPEC, request, body);

        assertThat(response.text()).isEqualTo("Hello, world");
        assertThat(response.tokensIn()).isEqualTo(11);
        assertThat(response.tokensOut()).isEqualTo(7);
    }

    @Test
    void anthropicFailsAnAnswerWithoutTextAsLost() {
        assertThatThrownBy(() -> new AnthropicProtocol().answer(SPEC, request, "{\"content\":[]}"))
                .isInstanceOf(ModelCallFailed.class)
                .hasMessageContaining("without a text content block");
    }

    @Test
    void ollamaSendsANonStreamingChatWithNumPredict() throws Exception {
        JsonNode body = Json.MAPPER.readTree(new OllamaProtocol().requestBody(SPEC, request));

        assertThat(body.path("model").asText()).isEqualTo("provider-model");
        assertThat(body.path("stream").isBoolean()).isTrue();
        assertThat(body.path("stream").asBoolean()).isFalse();
        assertThat(body.path("options").path("num_predict").asInt()).isEqualTo(700);
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(new OllamaProtocol().path()).isEqualTo("/api/chat");
    }

    @Test
    void ollamaReadsTheAnswerAndItsEvalCounts() {
        String body = "{\"message\":{\"role\":\"assistant\",\"content\":\"done\"},\"prompt_eval_count\":42,\"eval_count\":3}";

        ModelResponse response = new OllamaProtocol().answer(SPEC, request, body);

        assertThat(response.text()).isEqualTo("done");
        assertThat(response.tokensIn()).isEqualTo(42);
        assertThat(response.tokensOut()).isEqualTo(3);
    }

    @Test
    void ollamaBoundsMissingCountsByPromptAndAnswerSize() {
        ModelResponse response = new OllamaProtocol().answer(SPEC, request, "{\"message\":{\"content\":\"done\"}}");

        assertThat(response.tokensIn()).isEqualTo(Prompts.maxPromptTokens(request));
        assertThat(response.tokensOut()).isEqualTo(4);
    }

    @Test
    void failsMalformedJsonAsRetryableAndPossiblyBilled() {
        for (WireProtocol protocol : new WireProtocol[] {new OpenAiProtocol(), new AnthropicProtocol(), new OllamaProtocol()}) {
            assertThatThrownBy(() -> protocol.answer(SPEC, request, "{\"choices\": [ cut off"))
                    .isInstanceOfSatisfying(ModelCallFailed.class, f -> {
                        assertThat(f.retryable()).isTrue();
                        assertThat(f.mayHaveBilled()).isTrue();
                        assertThat(f.retryAfter()).isNull();
                    })
                    .hasMessageContaining("m1 answered with malformed JSON");
        }
    }

    @Test
    void failsAJsonValueThatIsNotAnObject() {
        assertThatThrownBy(() -> new OpenAiProtocol().answer(SPEC, request, "[]"))
                .isInstanceOf(ModelCallFailed.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> new OpenAiProtocol().answer(SPEC, request, ""))
                .isInstanceOf(ModelCallFailed.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void readsA429AsRetryableWithRetryAfterAndTheProvidersMessage() {
        String body = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\"}}";

        ModelCallFailed failure = new OpenAiProtocol().failure(429, "3", body);

        assertThat(failure.retryable()).isTrue();
        assertThat(failure.mayHaveBilled()).isFalse();
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(failure.getMessage()).isEqualTo("HTTP 429: Rate limit reached for gpt-4o-mini");
    }

    @Test
    void readsAnthropicAndOllamaErrorBodies() {
        String anthropic = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
        String ollama = "{\"error\":\"model 'llama3.1' not found\"}";

        assertThat(new AnthropicProtocol().failure(529, null, anthropic).getMessage()).isEqualTo("HTTP 529: Overloaded");
        assertThat(new OllamaProtocol().failure(404, null, ollama).getMessage())
                .isEqualTo("HTTP 404: model 'llama3.1' not found");
    }

    @Test
    void readsA400AsNotRetryable() {
        ModelCallFailed failure = new OpenAiProtocol().failure(400, null, "{\"error\":{\"message\":\"bad max_tokens\"}}");

        assertThat(failure.retryable()).isFalse();
        assertThat(failure.retryAfter()).isNull();
        assertThat(failure.getMessage()).isEqualTo("HTTP 400: bad max_tokens");
    }

    @Test
    void readsServerErrorsAndTimeoutsAsRetryable() {
        assertThat(new OpenAiProtocol().failure(500, null, "").retryable()).isTrue();
        assertThat(new OpenAiProtocol().failure(503, null, null).retryable()).isTrue();
        assertThat(new OpenAiProtocol().failure(408, null, null).retryable()).isTrue();
        assertThat(new OpenAiProtocol().failure(401, null, null).retryable()).isFalse();
        assertThat(new OpenAiProtocol().failure(503, null, null).getMessage()).isEqualTo("HTTP 503");
    }

    @Test
    void quotesTheStartOfABodyThatIsNotJson() {
        String html = "<html>" + "x".repeat(300) + "</html>";

        String message = new OpenAiProtocol().failure(502, null, html).getMessage();

        assertThat(message).startsWith("HTTP 502: <html>xxx").endsWith("…");
        assertThat(message).hasSize("HTTP 502: ".length() + 201);
    }

    @Test
    void parsesRetryAfterSecondsIncludingFractions() {
        assertThat(WireProtocol.parseRetryAfter("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(WireProtocol.parseRetryAfter(" 1.5 ")).isEqualTo(Duration.ofMillis(1500));
        assertThat(WireProtocol.parseRetryAfter("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void ignoresRetryAfterThatIsNotANonNegativeNumber() {
        assertThat(WireProtocol.parseRetryAfter("soon")).isNull();
        assertThat(WireProtocol.parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).isNull();
        assertThat(WireProtocol.parseRetryAfter("-2")).isNull();
        assertThat(WireProtocol.parseRetryAfter("")).isNull();
        assertThat(WireProtocol.parseRetryAfter(null)).isNull();
    }

    private static ModelRequest request() {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("goal", "summarize the news");
        input.putArray("tools").add("text.summarize");
        return new ModelRequest("plan", "t-1", "Plan the goal.", input);
    }
}
