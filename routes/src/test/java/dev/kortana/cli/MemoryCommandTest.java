package dev.kortana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./kortana memory search|forget} against a stand-in API that records each request and gives a canned answer. */
class MemoryCommandTest {

    private final List<String> requests = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private HttpServer server;
    private int status;
    private String body;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/memories", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void searchSendsTheQueryAndLimitAndPrintsEachHitWithItsId() {
        answer(200, "{\"query\":\"kafka outages\",\"count\":1,\"hits\":[{\"id\":42,\"taskId\":\"teach-kafka\",\"kind\":\"fact\","
                + "\"rank\":0.0163,\"quality\":0.62,\"content\":\"Broker 3 ran out of disk.\",\"createdAt\":\"2026-12-06T17:00:00Z\"}]}");

        assertThat(run("memory", "search", "kafka outages", "--limit", "3", "--kind", "fact,reflection", "--url", url(),
                "--api-key", "kt_acme")).isZero();

        assertThat(requests).containsExactly("GET /api/memories?q=kafka+outages&limit=3&kind=fact%2Creflection Bearer kt_acme");
        assertThat(out.toString()).contains("#42  task teach-kafka  fact  2026-12-06T17:00:00Z  rank 0.0163  quality 0.62")
                .contains("    Broker 3 ran out of disk.");
    }

    @Test
    void aSearchThatFindsNothingSaysSoAndExitsZero() {
        answer(200, "{\"query\":\"tulips\",\"count\":0,\"hits\":[]}");

        assertThat(run("memory", "search", "tulips", "--url", url())).isZero();

        assertThat(requests).containsExactly("GET /api/memories?q=tulips null");
        assertThat(out.toString()).contains("Memory holds nothing that matches: tulips");
    }

    @Test
    void forgetSendsADeleteAndARefusalExitsOneWithTheProblem() {
        answer(403, "{\"title\":\"Forbidden\",\"status\":403}");

        assertThat(run("memory", "forget", "42", "--url", url(), "--api-key", "kt_acme")).isEqualTo(1);

        assertThat(requests).containsExactly("DELETE /api/memories/42 Bearer kt_acme");
        assertThat(err.toString()).contains("HTTP 403").contains("Forbidden");
    }

    @Test
    void forgetPrintsWhatWasForgotten() {
        answer(200, "{\"id\":42,\"taskId\":\"teach-kafka\",\"forgotten\":true}");

        assertThat(run("memory", "forget", "42", "--url", url())).isZero();

        assertThat(out.toString()).contains("\"forgotten\" : true");
    }

    @Test
    void forgetByTaskNamesTheTaskAndTenantAndForgetWithNothingNamedIsAUsageError() {
        answer(200, "{\"tenant\":\"acme\",\"taskId\":\"t-1\",\"memories\":2,\"ids\":[4,5]}");

        assertThat(run("memory", "forget", "--task", "t 1", "--tenant", "acme", "--url", url())).isZero();
        assertThat(run("memory", "forget", "--url", url())).isEqualTo(2);
        assertThat(run("memory", "forget", "42", "--task", "t-1", "--url", url())).as("an id or a task, not both").isEqualTo(2);

        assertThat(requests).containsExactly("DELETE /api/memories?task=t+1&tenant=acme null");
        assertThat(err.toString()).contains("name what to forget");
    }

    private void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private int run(String... args) {
        CommandLine cli = Kortana.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
