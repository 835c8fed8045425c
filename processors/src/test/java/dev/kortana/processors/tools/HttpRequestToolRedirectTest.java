package dev.kortana.processors.tools;

import static dev.kortana.processors.tools.HttpRequestToolTest.*;
import static dev.kortana.processors.tools.LocalHttpServer.redirectTo;
import static dev.kortana.processors.tools.LocalHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redirects are followed only for GET and HEAD, and only to hosts the allowlist and the address check allow. */
class HttpRequestToolRedirectTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private LocalHttpServer server;
    private LocalHttpServer other;

    @BeforeEach
    void startServers() throws Exception {
        server = new LocalHttpServer();
        other = new LocalHttpServer().on("/", exchange -> respond(exchange, 200, "other"));
    }

    @AfterEach
    void stopServers() {
        server.close();
        other.close();
    }

    @Test
    void refusesARedirectOffTheAllowlistWithoutContactingTheOtherServer() {
        server.on("/go", redirectTo(302, other.url("/landing")));

        assertThatThrownBy(() -> tool("127.0.0.1:" + server.port()).invoke(call(server.url("/go"), null, null)))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("redirect from 127.0.0.1 to 127.0.0.1:" + other.port()
                        + " refused: not on kortana.tools.http.allowed-hosts");
        assertThat(other.requests()).isEmpty();
    }

    @Test
    void refusesARedirectToAnAllowedNameThatResolvesToAnInternalAddress() {
        server.on("/go", redirectTo(302, "http://internal.example.test:" + other.port() + "/"));
        HttpRequestTool tool = new HttpRequestTool(
                HostAllowlist.parse("127.0.0.1:" + server.port() + ",internal.example.test:" + other.port()),
                resolving("internal.example.test", "10.0.0.7"), TIMEOUT, 1024);

        assertThatThrownBy(() -> tool.invoke(call(server.url("/go"), null, null)))
                .isInstanceOf(ToolFailure.class)
                .hasMessageStartingWith("redirect from 127.0.0.1 refused: host internal.example.test:" + other.port()
                        + " resolves to 10.0.0.7 (private)");
        assertThat(other.requests()).isEmpty();
    }

    @Test
    void followsARelativeRedirectOnTheSameServerAndRecordsTheHop() throws Exception {
        server.on("/old", redirectTo(301, "/new")).on("/new", exchange -> respond(exchange, 200, "moved here"));

        JsonNode output = tool("127.0.0.1:" + server.port()).invoke(call(server.url("/old"), "key-2", null)).output();

        assertThat(output.get("status").asInt()).isEqualTo(200);
        assertThat(output.get("text").asText()).isEqualTo("moved here");
        assertThat(output.get("url").asText()).isEqualTo(server.url("/old"));
        assertThat(output.get("redirects")).extracting(JsonNode::asText).containsExactly(server.url("/new"));
        assertThat(server.paths()).containsExactly("/old", "/new");
        assertThat(server.requests()).allSatisfy(headers -> assertThat(headers.getFirst("Idempotency-Key")).isEqualTo("key-2"));
    }

    @Test
    void givesUpAfterThreeRedirects() {
        server.on("/loop", redirectTo(307, "/loop"));

        assertThatThrownBy(() -> tool("127.0.0.1:" + server.port()).invoke(call(server.url("/loop"), null, null)))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("more than 3 redirects");
        assertThat(server.paths()).hasSize(4);
    }

    @Test
    void returnsARedirectToAPostAsTheResultWithoutFollowingIt() throws Exception {
        server.on("/submit", redirectTo(303, other.url("/elsewhere")));
        Map<String, Object> args = new HashMap<>(Map.of("url", server.url("/submit"), "method", "POST", "body", "x=1"));

        JsonNode output = tool("127.0.0.1:" + server.port()).invoke(new ToolCall("task-1", "acme", 0, args)).output();

        assertThat(output.get("status").asInt()).isEqualTo(303);
        assertThat(output.get("location").asText()).isEqualTo(other.url("/elsewhere"));
        assertThat(other.requests()).isEmpty();
    }
}
