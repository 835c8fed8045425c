package dev.kortana.processors.tools;

import static dev.kortana.processors.tools.LocalHttpServer.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRequestToolTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CountDownLatch release = new CountDownLatch(1);
    private LocalHttpServer server;
    private LocalHttpServer other;

    @BeforeEach
    void startServers() throws Exception {
        server = new LocalHttpServer();
        other = new LocalHttpServer().on("/", exchange -> respond(exchange, 200, "other"));
    }

    @AfterEach
    void stopServers() {
        release.countDown();
        server.close();
        other.close();
    }

    @Test
    void getsFromAnAllowedHostAndSendsTheIdempotencyKeyAndTask() throws Exception {
        server.on("/hello", exchange -> respond(exchange, 200, "hi there"));

        JsonNode output = tool("127.0.0.1:" + server.port()).invoke(call(server.url("/hello"), "key-1", null)).output();

        assertThat(output.get("status").asInt()).isEqualTo(200);
        assertThat(output.get("text").asText()).isEqualTo("hi there");
        assertThat(output.get("url").asText()).isEqualTo(server.url("/hello"));
        assertThat(output.get("redirects")).isEmpty();
        assertThat(output.get("truncated").asBoolean()).isFalse();
        assertThat(server.requests()).singleElement().satisfies(headers -> {
            assertThat(headers.getFirst("Idempotency-Key")).isEqualTo("key-1");
            assertThat(headers.getFirst("X-Kortana-Task")).isEqualTo("task-1");
        });
    }

    @Test
    void sendsNoIdempotencyKeyWhenTheCallHasNone() throws Exception {
        server.on("/hello", exchange -> respond(exchange, 200, "hi"));

        tool("127.0.0.1:" + server.port()).invoke(call(server.url("/hello"), null, null));

        assertThat(server.requests()).singleElement().satisfies(headers -> assertThat(headers.containsKey("Idempotency-Key")).isFalse());
    }

    @Test
    void refusesLocalhostAllowedByNameAloneAndNamesTheAddressToAdd() {
        server.on("/", exchange -> respond(exchange, 200, "internal"));
        String url = "http://localhost:" + server.port() + "/";

        assertThatThrownBy(() -> tool("localhost:" + server.port()).invoke(call(url, null, null)))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("loopback")
                .hasMessageContaining("add 127.0.0.1:" + server.port())
                .hasMessageEndingWith("to kortana.tools.http.allowed-hosts to allow it");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void reachesLocalhostOnceItsLoopbackAddressIsAllowedToo() throws Exception {
        server.on("/", exchange -> respond(exchange, 200, "internal"));
        int port = server.port();
        // [::1] too, in case this machine's localhost also resolves to the IPv6 loopback.
        HttpRequestTool tool = tool("localhost:" + port + ",127.0.0.1:" + port + ",[::1]:" + port);

        JsonNode output = tool.invoke(call("http://localhost:" + port + "/", null, null)).output();

        assertThat(output.get("text").asText()).isEqualTo("internal");
    }

    @Test
    void refusesANameThatResolvesToLoopbackWhenOnlyTheNameIsAllowed() {
        server.on("/", exchange -> respond(exchange, 200, "internal"));
        HttpRequestTool tool = new HttpRequestTool(HostAllowlist.parse("api.example.test:" + server.port()),
                resolving("api.example.test", "127.0.0.1"), TIMEOUT, 1024);

        assertThatThrownBy(() -> tool.invoke(call("http://api.example.test:" + server.port() + "/", null, null)))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("host api.example.test:" + server.port() + " resolves to 127.0.0.1 (loopback)")
                .hasMessageContaining("add 127.0.0.1:" + server.port() + " to kortana.tools.http.allowed-hosts");
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0} → notDelivered {1}")
    @CsvSource({"503, true", "429, true", "500, false", "502, false", "504, false"})
    void marksOnlyResponsesThatSayNothingWasDoneAsNotDelivered(int status, boolean notDelivered) {
        server.on("/", exchange -> respond(exchange, status, "busy"));

        assertThatThrownBy(() -> tool("127.0.0.1:" + server.port()).invoke(call(server.url("/"), null, null)))
                .isInstanceOf(TransientToolFailure.class)
                .hasMessage("HTTP " + status + " from 127.0.0.1")
                .asInstanceOf(type(TransientToolFailure.class))
                .satisfies(e -> assertThat(e.notDelivered()).isEqualTo(notDelivered));
    }

    @Test
    void marksARefusedConnectionAsNotDelivered() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/";

        assertThatThrownBy(() -> tool("127.0.0.1:" + closedPort).invoke(call(url, null, null)))
                .isInstanceOf(TransientToolFailure.class)
                .hasMessageStartingWith("cannot connect to 127.0.0.1:" + closedPort)
                .asInstanceOf(type(TransientToolFailure.class))
                .satisfies(e -> assertThat(e.notDelivered()).isTrue());
    }

    @Test
    void cutsAResponseLargerThanTheLimit() throws Exception {
        server.on("/big", exchange -> respond(exchange, 200, "x".repeat(5000)));

        JsonNode output = new HttpRequestTool(HostAllowlist.parse("127.0.0.1:" + server.port()), TIMEOUT, 100)
                .invoke(call(server.url("/big"), null, null)).output();

        assertThat(output.get("truncated").asBoolean()).isTrue();
        assertThat(output.get("text").asText()).hasSize(100);
    }

    @Test
    void failsTransientlyWhenTheBodyOutlastsTheRegistrationsTimeout() {
        server.on("/slow", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write("first part ".getBytes());
            body.flush();
            awaitRelease();
            exchange.close();
        });
        ToolCall call = call(server.url("/slow"), null, spec(300));

        assertThatThrownBy(() -> tool("127.0.0.1:" + server.port()).invoke(call))
                .isInstanceOf(TransientToolFailure.class)
                .hasMessage("response body from 127.0.0.1 not complete within 300 ms")
                .asInstanceOf(type(TransientToolFailure.class))
                .satisfies(e -> assertThat(e.notDelivered()).isFalse());
    }

    @Test
    void failsTransientlyWithOutcomeUnknownWhenNoResponseComesInTime() {
        server.on("/stuck", exchange -> {
            awaitRelease();
            respond(exchange, 200, "too late");
        });

        assertThatThrownBy(() -> tool("127.0.0.1:" + server.port()).invoke(call(server.url("/stuck"), null, spec(300))))
                .isInstanceOf(TransientToolFailure.class)
                .hasMessageStartingWith("no response from 127.0.0.1:" + server.port() + " within 300 ms")
                .asInstanceOf(type(TransientToolFailure.class))
                .satisfies(e -> assertThat(e.notDelivered()).isFalse());
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static HttpRequestTool tool(String allowedHosts) {
        return new HttpRequestTool(HostAllowlist.parse(allowedHosts), TIMEOUT, 64 * 1024);
    }

    static ToolCall call(String url, String idempotencyKey, ToolSpec spec) {
        return new ToolCall("task-1", "acme", 0, Map.of("url", url), null, spec, idempotencyKey);
    }

    static ToolSpec spec(long timeoutMs) {
        return new ToolSpec("status.fetch", "http", "Fetch a status page.", null, null, null, null, null, null, null, null,
                false, timeoutMs, null, null, null, null, null, null, null, null, null, null, false, null, null, null);
    }

    static HostResolver resolving(String name, String address) {
        return host -> {
            if (host.equals(name)) {
                return new InetAddress[] {InetAddress.getByName(address)};
            }
            throw new UnknownHostException(host);
        };
    }
}
