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

/**
 * {@code ./kortana status|cancel|approve TASK_ID [--tenant T]} against a stand-in API that records each request: task ids
 * are per tenant, so an admin names the tenant, and the id is sent as one path segment whatever it holds.
 */
class TaskCommandsTest {

    private final List<String> requests = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private HttpServer server;
    private int status = 200;
    private String body = "{\"taskId\":\"t-1\",\"status\":\"COMPLETED\"}";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
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
    void statusNamesTheTenantWhenAskedAndOnlyThen() {
        assertThat(run("status", "shared-1", "--tenant", "globex", "--url", url())).isZero();
        assertThat(run("status", "shared-1", "--url", url())).isZero();

        assertThat(requests).containsExactly("GET /api/tasks/shared-1?tenant=globex", "GET /api/tasks/shared-1");
        assertThat(out.toString()).contains("\"status\" : \"COMPLETED\"");
    }

    @Test
    void cancelAndApproveNameTheTenantToo() {
        status = 202;
        assertThat(run("cancel", "shared-1", "--tenant", "acme", "--url", url())).isZero();
        status = 200;
        assertThat(run("approve", "shared-1", "--tenant", "acme", "--url", url())).isZero();

        assertThat(requests).containsExactly("POST /api/tasks/shared-1/cancel?tenant=acme", "POST /api/approvals/shared-1?tenant=acme");
    }

    @Test
    void anIdIsSentAsOnePathSegment() {
        assertThat(run("status", "a b:c~d", "--url", url())).isZero();

        assertThat(requests).containsExactly("GET /api/tasks/a%20b%3Ac%7Ed");
    }

    @Test
    void anAmbiguousIdIsRefusedWithTheServersFix() {
        status = 400;
        body = "{\"title\":\"Bad request\",\"status\":400,\"detail\":\"task id 'shared-1' is used by tenants acme, globex;"
                + " name one with ?tenant=\"}";

        assertThat(run("status", "shared-1", "--url", url())).isEqualTo(1);

        assertThat(err.toString()).contains("HTTP 400").contains("?tenant=");
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
