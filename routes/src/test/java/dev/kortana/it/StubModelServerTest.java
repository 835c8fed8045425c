package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.it.StubModelServer.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stub model server itself, over real HTTP: each wire format, the key check and every fault. */
class StubModelServerTest {

    private static final String OPENAI_BODY =
            "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                    + "{\"role\":\"user\",\"content\":\"first\"},{\"role\":\"assistant\",\"content\":\"ok\"},"
                    + "{\"role\":\"user\",\"content\":\"hello openai\"}]}";
    private static final String ANTHROPIC_BODY =
            "{\"model\":\"claude-test\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":"
                    + "[{\"type\":\"text\",\"text\":\"hello\"},{\"type\":\"text\",\"text\":\"anthropic\"}]}]}";
    private static final String OLLAMA_BODY =
            "{\"model\":\"llama-test\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hello ollama\"}]}";

    // HTTP/1.1 so the client neither tries an h2c upgrade nor shares one connection between parallel calls.
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private StubModelServer stub;

    @BeforeEach
    void start() {
        stub = StubModelServer.start("alpha");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void answersInTheOpenAiFormat() throws Exception {
        stub.reply(call -> "echo " + call.lastUserText()).usage(7, 3);

        HttpResponse<String> response = post(stub.openAiEndpoint() + "/chat/completions", OPENAI_BODY,
                "Authorization", "Bearer sk-test");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode json = Json.MAPPER.readTree(response.body());
        assertThat(json.path("id").asText()).startsWith("chatcmpl-");
        assertThat(json.path("object").asText()).isEqualTo("chat.completion");
        assertThat(json.path("created").isNumber()).isTrue();
        assertThat(json.path("model").asText()).isEqualTo("gpt-test");
        JsonNode choice = json.path("choices").path(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("echo hello openai");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(json.path("usage").path("prompt_tokens").asLong()).isEqualTo(7);
        assertThat(json.path("usage").path("completion_tokens").asLong()).isEqualTo(3);
        assertThat(json.path("usage").path("total_tokens").asLong()).isEqualTo(10);

        StubModelServer.Call call = stub.received().get(0);
        assertThat(call.path()).isEqualTo("/v1/chat/completions");
        assertThat(call.headers()).containsEntry("authorization", "Bearer sk-test");
        assertThat(call.model()).isEqualTo("gpt-test");
        assertThat(call.at()).isNotNull();
    }

    @Test
    void answersInTheAnthropicFormatAndNeedsItsVersionHeader() throws Exception {
        String url = stub.anthropicEndpoint() + "/v1/messages";

        HttpResponse<String> response = post(url, ANTHROPIC_BODY, "x-api-key", "k", "anthropic-version", "2023-06-01");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = Json.MAPPER.readTree(response.body());
        assertThat(json.path("id").asText()).startsWith("msg_");
        assertThat(json.path("type").asText()).isEqualTo("message");
        assertThat(json.path("role").asText()).isEqualTo("assistant");
        assertThat(json.path("model").asText()).isEqualTo("claude-test");
        assertThat(json.path("content").path(0).path("type").asText()).isEqualTo("text");
        assertThat(json.path("content").path(0).path("text").asText()).isEqualTo("stub answer from alpha");
        assertThat(json.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(json.path("usage").path("input_tokens").asLong()).isEqualTo(100);
        assertThat(json.path("usage").path("output_tokens").asLong()).isEqualTo(20);
        assertThat(stub.received().get(0).lastUserText()).isEqualTo("hello\nanthropic");

        HttpResponse<String> unversioned = post(url, ANTHROPIC_BODY, "x-api-key", "k");
        assertThat(unversioned.statusCode()).isEqualTo(400);
        JsonNode error = Json.MAPPER.readTree(unversioned.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void answersInTheOllamaFormat() throws Exception {
        HttpResponse<String> response = post(stub.ollamaEndpoint() + "/api/chat", OLLAMA_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = Json.MAPPER.readTree(response.body());
        assertThat(json.path("model").asText()).isEqualTo("llama-test");
        assertThat(json.path("created_at").asText()).isNotBlank();
        assertThat(json.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(json.path("message").path("content").asText()).isEqualTo("stub answer from alpha");
        assertThat(json.path("done").asBoolean()).isTrue();
        assertThat(json.path("prompt_eval_count").asLong()).isEqualTo(100);
        assertThat(json.path("eval_count").asLong()).isEqualTo(20);
        assertThat(stub.received().get(0).lastUserText()).isEqualTo("hello ollama");
    }

    @Test
    void unknownPathsAndNonJsonBodiesAreRejectedButCounted() throws Exception {
        HttpResponse<String> missing = post(stub.baseUrl() + "/v2/nothing", OPENAI_BODY);
        HttpResponse<String> notJson = post(stub.openAiEndpoint() + "/chat/completions", "not json");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(missing.body()).path("error").path("message").asText()).isNotBlank();
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(stub.calls()).isEqualTo(2);
        assertThat(stub.received()).extracting(StubModelServer.Call::path)
                .containsExactly("/v2/nothing", "/v1/chat/completions");

        stub.resetCounts();
        assertThat(stub.calls()).isZero();
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void aRequiredApiKeyIsCheckedWhereEachProviderSendsIt() throws Exception {
        stub.requireApiKey("secret");
        String openAi = stub.openAiEndpoint() + "/chat/completions";
        String anthropic = stub.anthropicEndpoint() + "/v1/messages";

        HttpResponse<String> openAiWrong = post(openAi, OPENAI_BODY, "Authorization", "Bearer wrong");
        HttpResponse<String> anthropicMissing = post(anthropic, ANTHROPIC_BODY, "anthropic-version", "2023-06-01");

        assertThat(openAiWrong.statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(openAiWrong.body()).path("error").path("type").asText()).isNotBlank();
        assertThat(anthropicMissing.statusCode()).isEqualTo(401);
        JsonNode anthropicError = Json.MAPPER.readTree(anthropicMissing.body());
        assertThat(anthropicError.path("type").asText()).isEqualTo("error");
        assertThat(anthropicError.path("error").path("type").asText()).isEqualTo("authentication_error");

        assertThat(post(openAi, OPENAI_BODY, "Authorization", "Bearer secret").statusCode()).isEqualTo(200);
        assertThat(post(stub.ollamaEndpoint() + "/api/chat", OLLAMA_BODY, "Authorization", "Bearer secret")
                .statusCode()).isEqualTo(200);
        assertThat(post(anthropic, ANTHROPIC_BODY, "x-api-key", "secret", "anthropic-version", "2023-06-01")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void rateLimitedSaysWhenToRetry() throws Exception {
        stub.failAlways(Fault.rateLimited(7));

        HttpResponse<String> openAi = post(stub.openAiEndpoint() + "/chat/completions", OPENAI_BODY);
        HttpResponse<String> anthropic = post(stub.anthropicEndpoint() + "/v1/messages", ANTHROPIC_BODY,
                "anthropic-version", "2023-06-01");

        assertThat(openAi.statusCode()).isEqualTo(429);
        assertThat(openAi.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(Json.MAPPER.readTree(openAi.body()).path("error").path("message").asText()).isNotBlank();
        assertThat(anthropic.statusCode()).isEqualTo(429);
        assertThat(anthropic.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(Json.MAPPER.readTree(anthropic.body()).path("error").path("type").asText())
                .isEqualTo("rate_limit_error");

        stub.healthy();
        assertThat(post(stub.openAiEndpoint() + "/chat/completions", OPENAI_BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void failNextFailsThatManyCallsThenRecovers() throws Exception {
        stub.failNext(2, Fault.serverError());
        String url = stub.openAiEndpoint() + "/chat/completions";

        HttpResponse<String> first = post(url, OPENAI_BODY);
        HttpResponse<String> second = post(url, OPENAI_BODY);
        HttpResponse<String> third = post(url, OPENAI_BODY);

        assertThat(first.statusCode()).isEqualTo(500);
        JsonNode error = Json.MAPPER.readTree(first.body()).path("error");
        assertThat(error.path("message").asText()).isEqualTo("stub failure");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(stub.calls()).isEqualTo(3);
    }

    @Test
    void queuedFaultsComeBeforeFailAlways() throws Exception {
        stub.failAlways(Fault.serverError()).failNext(1, Fault.rateLimited(1));
        String url = stub.openAiEndpoint() + "/chat/completions";

        assertThat(post(url, OPENAI_BODY).statusCode()).isEqualTo(429);
        assertThat(post(url, OPENAI_BODY).statusCode()).isEqualTo(500);
        assertThat(post(url, OPENAI_BODY).statusCode()).isEqualTo(500);
    }

    @Test
    void malformedJsonIsA200ThatDoesNotParse() throws Exception {
        stub.failNext(1, Fault.malformedJson());

        HttpResponse<String> response = post(stub.openAiEndpoint() + "/chat/completions", OPENAI_BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThatThrownBy(() -> Json.MAPPER.readTree(response.body())).isInstanceOf(IOException.class);
    }

    @Test
    void truncatedEndsTheBodyEarly() throws Exception {
        stub.failNext(1, Fault.truncated());
        // A generous timeout: the server drops the connection when its handler returns, later on a loaded machine.
        HttpRequest request = request(stub.openAiEndpoint() + "/chat/completions", OPENAI_BODY)
                .timeout(Duration.ofSeconds(10)).build();

        // Either the client notices the missing bytes itself, or it hands over fewer than promised.
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long promised = response.headers().firstValueAsLong("Content-Length").orElseThrow();
            assertThat((long) response.body().length).isLessThan(promised);
        } catch (IOException expected) {
            assertThat(expected).isNotInstanceOf(HttpTimeoutException.class);
        }
        assertThat(post(stub.openAiEndpoint() + "/chat/completions", OPENAI_BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void hangOutlastsAShortClientTimeout() throws Exception {
        stub.failNext(1, Fault.hang(2000));
        HttpRequest request = request(stub.openAiEndpoint() + "/chat/completions", OPENAI_BODY)
                .timeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        // The hung call holds one thread only: the next call is answered at once.
        assertThat(post(stub.openAiEndpoint() + "/chat/completions", OPENAI_BODY).statusCode()).isEqualTo(200);
        assertThat(stub.calls()).isEqualTo(2);
    }

    @Test
    void concurrentCallsAreAllAnsweredAndRecorded() throws Exception {
        stub.latencyMs(100);
        String url = stub.openAiEndpoint() + "/chat/completions";

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(client.sendAsync(request(url, OPENAI_BODY).build(), HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(200);
        }
        assertThat(stub.calls()).isEqualTo(20);
        assertThat(stub.received()).hasSize(20).allSatisfy(call -> assertThat(call.model()).isEqualTo("gpt-test"));
    }

    private HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        return client.send(request(url, body, headers).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String url, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }
}
