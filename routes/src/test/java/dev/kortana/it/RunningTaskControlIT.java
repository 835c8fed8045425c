package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to a task already running: a tool's rate limit, shared by two instances on one PostgreSQL, holds
 * across both and makes tasks wait (in place, or put aside and resumed by a sweeper) instead of failing them; and a
 * person's cancel stops a running task before its next step.
 */
class RunningTaskControlIT {

    private static final int CAPACITY = 2;
    private static final double PER_SECOND = 2;

    @TempDir
    static Path first;
    @TempDir
    static Path second;

    static final String schema = TestDatabase.newSchema();
    static CountingToolServer shop;
    static RunningKortana a;
    static RunningKortana b;

    @BeforeAll
    static void start() throws Exception {
        shop = new CountingToolServer();
        Path policies = first.resolve("policies.yaml");
        Files.writeString(policies, """
                rate-limits:
                  tool:
                    orders.log: { capacity: %d, per-second: %s }
                    default: { capacity: 1, per-second: 0.01 }   # orders.rare, orders.slow, http.request: one call each
                rules:
                  - id: slow-orders-need-approval
                    when: { tool: { name: [orders.slow] } }
                    effect: ESCALATE
                    reason: slow orders need a human
                """.formatted(CAPACITY, PER_SECOND));
        Map<String, String> common = Map.of("kortana.tools.http.allowed-hosts", "127.0.0.1:" + shop.port(),
                "kortana.policy.file", policies.toString(),
                "kortana.tools.refresh-ms", "200",
                "kortana.lease.sweep-ms", "200",
                "kortana.lease.duration-ms", "3000", // shorter than the slow tool takes
                "kortana.lease.heartbeat-ms", "250",
                "kortana.lease.sweep-delay-ms", "100");
        // a puts a throttled task aside at once; b waits in place for a token up to 3 s.
        a = RunningKortana.start(first, schema, with(common, "kortana.rate-limits.wait-in-place-ms", "0"));
        b = RunningKortana.start(second, schema, with(common, "kortana.rate-limits.wait-in-place-ms", "3000"));
        for (String tool : List.of("orders.log", "orders.rare", "orders.slow", "orders.last", "orders.sibling", "orders.scarce")) {
            HttpResponse<String> created = a.post("/api/tools", "application/json", "{\"name\":\"" + tool + "\",\"kind\":\"http\","
                    + "\"description\":\"Logs an order with the shop\"}", Map.of());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> b.getJson("/api/tools").toString().contains("orders.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
        b.close();
        shop.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aToolRateLimitSharedByTwoInstancesDelaysTasksAndFailsNone() throws Exception {
        List<String> ids = new ArrayList<>();
        List<RunningKortana> by = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RunningKortana instance = i % 2 == 0 ? a : b;
            ids.add(submit(instance, "[{\"tool\":\"orders.log\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url("/log")
                    + "\",\"body\":{\"n\":" + i + "}}}]"));
            by.add(instance);
        }

        for (int i = 0; i < ids.size(); i++) {
            JsonNode done = by.get(i).awaitTerminal(ids.get(i));
            assertThat(done.path("status").asText()).as(ids.get(i) + ": " + done.path("reason").asText()).isEqualTo("COMPLETED");
        }
        assertThat(shop.effects("/log")).isEqualTo(8);
        // A bucket that starts full grants at most CAPACITY + PER_SECOND * t takes in t seconds after the first.
        List<Long> times = shop.effectTimes("/log");
        for (int k = CAPACITY; k < times.size(); k++) {
            double earliest = (k - CAPACITY + 1) / PER_SECOND - 0.4; // less the first request's own delay, with room for a slow CI
            assertThat(TimeUnit.NANOSECONDS.toMillis(times.get(k) - times.get(0)) / 1000.0)
                    .as("call %d of a limit of %d at once and %s/s", k, CAPACITY, PER_SECOND).isGreaterThanOrEqualTo(earliest);
        }
        List<String> throttled = new ArrayList<>();
        for (String id : ids) {
            JsonNode events = a.getJson("/api/tasks/" + id + "/events").path("events");
            StreamSupport.stream(events.spliterator(), false).filter(e -> e.path("name").asText().equals("THROTTLED"))
                    .forEach(e -> throttled.add(e.path("detail").path("reason").asText()));
        }
        assertThat(throttled).as("instance a puts throttled tasks aside").isNotEmpty()
                .allSatisfy(reason -> assertThat(reason).contains("orders.log").contains("rate-limits.tool"));
        assertThat(StreamSupport.stream(a.getJson("/api/dead-letters").path("deadLetters").spliterator(), false)
                .map(d -> d.path("taskId").asText())).as("no dead letter for a throttled task").doesNotContainAnyElementsOf(ids);
    }

    @Test
    void aCancelledRunningTaskStopsBeforeItsNextStep() throws Exception {
        shop.script("/slow", CountingToolServer.Reply.EFFECT_THEN_HOLD);
        String id = submit(a, "[{\"tool\":\"http.request\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url("/slow") + "\"}},"
                + "{\"tool\":\"http.request\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url("/after") + "\"},\"dependsOn\":[0]}]");
        assertThat(shop.awaitHolding(30)).as("step 0 is running").isTrue();

        HttpResponse<String> cancel = a.post("/api/tasks/" + id + "/cancel", "application/json",
                "{\"reviewer\":\"erin\",\"comment\":\"wrong shop\"}", Map.of());
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(cancel.body()).path("was").asText()).isEqualTo("EXECUTING");
        shop.release();

        JsonNode done = a.awaitTerminal(id);
        assertThat(done.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(done.path("reason").asText()).contains("erin").contains("wrong shop");
        assertThat(shop.effects("/slow")).as("the step already calling its tool finishes").isEqualTo(1);
        assertThat(shop.effects("/after")).as("the next step never starts").isZero();
    }

    @Test
    void aCancelDuringTheLastStepEndsTheTaskCancelledWithThatStepsResult() throws Exception {
        shop.script("/last", CountingToolServer.Reply.SLOW);
        String id = submit(a, "[{\"tool\":\"orders.last\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url("/last") + "\"}}]");
        await().atMost(Duration.ofSeconds(30)).until(() -> a.getJson("/api/tasks/" + id + "/events").toString().contains("STEP_STARTED"));

        HttpResponse<String> cancel = a.post("/api/tasks/" + id + "/cancel", "application/json", "{\"reviewer\":\"heidi\"}", Map.of());

        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        JsonNode done = a.awaitTerminal(id);
        assertThat(done.path("status").asText()).as("no round follows, but the cancel still counts").isEqualTo("CANCELLED");
        assertThat(done.path("reason").asText()).contains("heidi");
        assertThat(shop.effects("/last")).isEqualTo(1);
        assertThat(done.path("steps").path(0).path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void aStepRunningBesideAThrottledOneFinishesAndIsKeptAndACancelMeanwhileIsNotKeptWaiting() throws Exception {
        String scarce = "{\"tool\":\"orders.scarce\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url("/scarce") + "\"}}";
        assertThat(a.awaitTerminal(submit(a, "[" + scarce + "]")).path("status").asText()).isEqualTo("COMPLETED");
        shop.script("/sibling", CountingToolServer.Reply.SLOW);
        String id = submit(a, "[{\"tool\":\"orders.sibling\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url("/sibling")
                + "\"}}," + scarce + "]"); // two independent steps: one slow, one whose bucket is empty for 100 s
        await().atMost(Duration.ofSeconds(30)).until(() -> shop.effects("/sibling") == 1); // the slow step is running

        HttpResponse<String> cancel = a.post("/api/tasks/" + id + "/cancel", "application/json", "{}", Map.of());

        assertThat(cancel.statusCode()).isEqualTo(202);
        JsonNode done = a.awaitTerminal(id); // within 30 s: the token is 100 s away
        assertThat(done.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(done.path("steps").path(0).path("status").asText()).as("the slow step's result is kept").isEqualTo("COMPLETED");
        assertThat(a.getJson("/api/tasks/" + id + "/events").toString()).contains("THROTTLED");
        assertThat(shop.effects("/sibling")).as("never called again").isEqualTo(1);
        assertThat(shop.effects("/scarce")).isEqualTo(1);
    }

    @Test
    void aTaskPutAsideForARateLimitEndsAtOnceWhenCancelled() throws Exception {
        String plan = "[{\"tool\":\"orders.rare\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url("/rare") + "\"}}]";
        assertThat(a.awaitTerminal(submit(a, plan)).path("status").asText()).isEqualTo("COMPLETED");
        String waiting = submit(a, plan); // orders.rare has the tool default: one call, and the next token 100 s away
        await().atMost(Duration.ofSeconds(30)).until(() -> a.getJson("/api/tasks/" + waiting + "/events").toString().contains("THROTTLED"));
        assertThat(a.getJson("/api/tasks/" + waiting).path("status").asText()).isEqualTo("EXECUTING");

        HttpResponse<String> cancel = a.post("/api/tasks/" + waiting + "/cancel", "application/json",
                "{\"reviewer\":\"frank\"}", Map.of());

        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        JsonNode done = a.awaitTerminal(waiting); // within 30 s, long before the token
        assertThat(done.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(done.path("reason").asText()).contains("frank");
        assertThat(shop.effects("/rare")).isEqualTo(1);
    }

    @Test
    void anApprovedTaskThatRunsLongerThanItsLeaseRunsOnce() throws Exception {
        shop.script("/slow-approved", CountingToolServer.Reply.SLOW);
        String id = submit(a, "[{\"tool\":\"orders.slow\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url("/slow-approved") + "\"}}]");
        a.awaitStatus(id, "AWAITING_APPROVAL");

        HttpResponse<String> approved = a.post("/api/approvals/" + id, "application/json", "{\"decision\":\"approve\"}", Map.of());

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        JsonNode done = a.awaitTerminal(id);
        assertThat(done.path("status").asText()).as(done.path("reason").asText()).isEqualTo("COMPLETED");
        assertThat(shop.effects("/slow-approved")).isEqualTo(1);
        List<String> events = StreamSupport.stream(a.getJson("/api/tasks/" + id + "/events").path("events").spliterator(), false)
                .map(e -> e.path("name").asText()).toList();
        // A sweeper may take the reopened task before the decision queues it; once it runs, nobody takes it again.
        assertThat(events.subList(events.indexOf("STEP_STARTED"), events.size())).as("the heartbeat kept the running task's lease")
                .doesNotContain("RECLAIMED");
        assertThat(events).containsOnlyOnce("STEP_STARTED");
    }

    @Test
    void aWaitInPlaceThatIsNotANumberStopsTheStartNamingTheSetting(@TempDir Path other) {
        String schema = TestDatabase.newSchema();
        try {
            assertThatThrownBy(() -> RunningKortana.start(other, schema, Map.of("kortana.rate-limits.wait-in-place-ms", "2s")))
                    .hasStackTraceContaining("kortana.rate-limits.wait-in-place-ms (overrides): '2s' is not a whole number;"
                            + " write a whole number of milliseconds (15000, not 15s)");
        } finally {
            TestDatabase.dropSchema(schema);
        }
    }

    private static String submit(RunningKortana instance, String plan) throws Exception {
        HttpResponse<String> accepted = instance.postJson("{\"goal\":\"log an order\",\"plan\":" + plan + "}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.MAPPER.readTree(accepted.body()).path("taskId").asText();
    }

    private static Map<String, String> with(Map<String, String> common, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(common);
        all.put(key, value);
        return all;
    }
}
