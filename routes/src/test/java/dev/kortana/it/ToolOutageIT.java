package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool that is down for two minutes, then back: the 50 tasks that need it are put aside, none ends while it is down,
 * and all complete once it is back, with one order each and no person. While it is down its circuit breaker keeps the
 * tasks from hammering it: the tool sees fewer requests in those two minutes than there are tasks.
 */
class ToolOutageIT {

    static final int TASKS = 50;
    static final Duration OUTAGE = Duration.ofMinutes(2);

    @TempDir
    static Path dataDir;

    static final String schema = TestDatabase.newSchema();
    static CountingToolServer shop;
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        shop = new CountingToolServer();
        app = RunningKortana.start(dataDir, schema, Map.of("kortana.tools.http.allowed-hosts", "127.0.0.1:" + shop.port(),
                "kortana.lease.sweep-ms", "1000", "kortana.lease.sweep-delay-ms", "0"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        shop.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void fiftyTasksWaitOutATwoMinuteOutageAndCompleteWithoutAPersonOrARequestStorm() throws Exception {
        shop.down(true);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            ids.add(submit("/orders/" + i));
        }

        // Throughout the outage no task ends: each waits for the tool, none is failed or dead-lettered.
        await().during(OUTAGE).atMost(OUTAGE.plusSeconds(30)).pollInterval(Duration.ofSeconds(2))
                .until(() -> count("status IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED', 'AWAITING_RECONCILIATION')") == 0);
        int whileDown = shop.requestsWhileDown();
        JsonNode httpTool = app.getJson("/api/tools").path("tools").findParents("name").stream()
                .filter(t -> "http.request".equals(t.path("name").asText())).findFirst().orElseThrow();
        assertThat(httpTool.path("breaker").asText()).isIn("OPEN", "HALF_OPEN");
        assertThat(httpTool.path("breakerOpenedBy").asText()).contains("HTTP 503");
        shop.down(false);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count("status IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED')") == TASKS);
        assertThat(count("status = 'COMPLETED'")).isEqualTo(TASKS);
        for (int i = 0; i < TASKS; i++) {
            assertThat(shop.effects("/orders/" + i)).as("orders placed by task %d", i).isEqualTo(1);
        }
        assertThat(whileDown).as("requests the tool saw while it was down").isPositive().isLessThan(TASKS);
        assertThat(app.getJson("/api/dead-letters?limit=100").path("deadLetters")).isEmpty();
        JsonNode events = app.getJson("/api/tasks/" + ids.get(0) + "/events").path("events");
        assertThat(events.findValuesAsText("name")).contains("TOOL_UNAVAILABLE").doesNotContain("RECONCILIATION_NEEDED");
        System.out.printf("ToolOutageIT: %d tasks, tool down %d s: %d requests while down, all completed%n",
                TASKS, OUTAGE.toSeconds(), whileDown);
    }

    private static String submit(String path) throws Exception {
        String plan = "[{\"tool\":\"http.request\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url(path)
                + "\",\"body\":{\"sku\":\"A-1\"}}}]";
        HttpResponse<String> accepted = app.postJson("{\"goal\":\"place an order\",\"plan\":" + plan + "}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.MAPPER.readTree(accepted.body()).path("taskId").asText();
    }

    private static int count(String where) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".tasks WHERE " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
