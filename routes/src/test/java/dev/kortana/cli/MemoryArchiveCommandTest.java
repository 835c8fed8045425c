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

/** {@code ./kortana memory archive|restore} against a stand-in API that records each request and gives a canned answer. */
class MemoryArchiveCommandTest {

    private final List<String> requests = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private HttpServer server;
    private int status = 200;
    private String body = "{\"job\":\"memory-archive\",\"outcome\":\"ok\",\"counts\":{\"archived\":3,\"files\":1}}";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/maintenance", exchange -> {
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
    void archivePostsWithTheAgeAndPrintsTheRun() {
        assertThat(run("memory", "archive", "--older-than", "30d", "--url", url(), "--api-key", "kt_ops")).isZero();

        assertThat(requests).containsExactly("POST /api/maintenance/archive?olderThan=30d Bearer kt_ops");
        assertThat(out.toString()).contains("\"archived\" : 3");
    }

    @Test
    void archiveWithoutAnAgeUsesTheConfiguredOne() {
        assertThat(run("memory", "archive", "--url", url())).isZero();

        assertThat(requests).containsExactly("POST /api/maintenance/archive null");
    }

    @Test
    void restoreNamesTheTenantAndARefusalExitsOne() {
        status = 409;
        body = "{\"title\":\"Already running\",\"status\":409}";

        assertThat(run("memory", "restore", "--tenant", "acme", "--url", url(), "--api-key", "kt_ops")).isEqualTo(1);

        assertThat(requests).containsExactly("POST /api/maintenance/restore?tenant=acme Bearer kt_ops");
        assertThat(err.toString()).contains("HTTP 409").contains("Already running");
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
