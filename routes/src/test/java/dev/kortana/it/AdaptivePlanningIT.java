package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory that learns from outcomes: after 200 tasks of a few kinds, a new task like earlier ones is planned as those
 * were (a plan that worked is reused), a tool that kept failing is chosen no more while another tool of its phase
 * works, and repeating one task twelve times makes one episode with twelve runs, not twelve rows.
 */
class AdaptivePlanningIT {

    private static final String INCIDENT_PLAN = "[{\"tool\":\"memory.search\",\"args\":{\"query\":\"incident report\"}},"
            + "{\"tool\":\"text.summarize\",\"args\":{\"text\":\"{{steps.0.output}}\"},\"dependsOn\":[0]}]";

    @TempDir
    static Path dataDir;

    static String schema = TestDatabase.newSchema();
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dataDir.resolve("routes"));
        Files.writeString(dataDir.resolve("routes/forecast.yaml"), """
                - route:
                    id: forecast-backup
                    from:
                      uri: direct:forecast-backup
                      steps:
                        - setBody:
                            constant: '{"text": "Sunny, 21 degrees."}'
                """);
        app = RunningKortana.start(dataDir, schema, Map.of());
        // Two tools for the same goals; the first points at a route nobody consumes, so every call of it fails.
        register("forecast.primary", "direct:forecast-primary");
        register("forecast.backup", "direct:forecast-backup");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void afterTwoHundredTasksPlansReuseWhatWorkedAndAFailingToolIsChosenLess() throws Exception {
        String newIncident = "summarize the incident report for service 999";
        List<String> before = plan(submit("fresh-incident", "fresh", newIncident, null));
        assertThat(before).as("a tenant without history gets the keyword plan").containsExactly("text.summarize");

        List<List<String>> weatherPlans = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = batch * 20 + i;
                ids.add(switch (i % 3) {
                    case 0 -> send("incident-" + n, "acme", "summarize the incident report for service " + n, INCIDENT_PLAN);
                    case 1 -> send("weather-" + n, "acme", "weather forecast for city " + n, null);
                    default -> send("notes-" + n, "acme", "recap the release notes of version " + n, null);
                });
            }
            Map<String, List<String>> plans = awaitAll(ids);
            ids.stream().filter(id -> id.startsWith("weather-")).forEach(id -> weatherPlans.add(plans.get(id)));
        }

        String reused = submit("acme-incident", "acme", newIncident, null);
        assertThat(plan(reused)).as("the tenant's history changes the plan: the incident plan that worked is reused")
                .containsExactly("memory.search", "text.summarize");
        JsonNode informed = planned(reused).path("informedBy");
        assertThat(informed.path("reusedEpisodes").size()).as(informed.toString()).isPositive();
        assertThat(informed.path("episodes").size()).isPositive();
        assertThat(informed.path("toolMetrics").toString()).contains("memory.search");
        assertThat(app.getJson("/api/tasks/" + reused).path("status").asText()).isEqualTo("COMPLETED");

        long primaryEarly = weatherPlans.subList(0, 14).stream().filter(p -> p.contains("forecast.primary")).count();
        long primaryLate = weatherPlans.subList(weatherPlans.size() - 40, weatherPlans.size()).stream()
                .filter(p -> p.contains("forecast.primary")).count();
        assertThat(weatherPlans).hasSizeGreaterThan(60);
        assertThat(primaryEarly).as("at first both forecast tools are planned: %s", weatherPlans).isGreaterThanOrEqualTo(5);
        assertThat(primaryLate).as("once it kept failing, the other forecast tool is chosen: %s", weatherPlans).isZero();
        assertThat(weatherPlans.get(weatherPlans.size() - 1)).containsExactly("forecast.backup");
        JsonNode lastWeather = planned(lastWeatherId(weatherPlans.size()));
        assertThat(lastWeather.path("informedBy").path("avoidedTools").toString()).contains("forecast.primary");

        Map<String, Object> primary = metrics("acme", "forecast.primary");
        assertThat((Integer) primary.get("failures")).isGreaterThanOrEqualTo(5).isEqualTo(primary.get("calls"));
        assertThat(primary.get("errors").toString()).contains("ToolFailure");
    }

    @Test
    void twelveIdenticalTasksMakeOneEpisodeWithTwelveRuns() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(send("same-" + i, "same", "recap the quarterly sales figures", null));
        }
        awaitAll(ids);

        assertThat(episodeCount("same")).isEqualTo(1);
        try (Connection c = DriverManager.getConnection(TestDatabase.url());
                PreparedStatement s = c.prepareStatement("SELECT detail, cardinality(source_tasks), quality FROM " + schema
                        + ".memories WHERE tenant = 'same' AND kind = 'episode'");
                ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            JsonNode detail = Json.MAPPER.readTree(rs.getString(1));
            assertThat(detail.path("runs").asInt()).isEqualTo(12);
            assertThat(detail.path("successes").asInt()).isEqualTo(12);
            assertThat(detail.path("tools").toString()).isEqualTo("[\"text.summarize\"]");
            assertThat(rs.getInt(2)).isEqualTo(12);
            assertThat(rs.getDouble(3)).isGreaterThan(0.9);
        }
    }

    /** Waits until every task has ended, reading the table (one query per look), and returns their plans' tools. */
    private static Map<String, List<String>> awaitAll(List<String> ids) {
        Map<String, List<String>> plans = new java.util.HashMap<>();
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(60)).until(() -> {
            plans.clear();
            try (Connection c = DriverManager.getConnection(TestDatabase.url());
                    PreparedStatement s = c.prepareStatement("SELECT client_id, plan FROM " + schema + ".tasks WHERE client_id = ANY(?)"
                            + " AND status IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED')")) {
                s.setArray(1, c.createArrayOf("text", ids.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        List<String> tools = new ArrayList<>();
                        String plan = rs.getString(2);
                        Json.MAPPER.readTree(plan == null ? "[]" : plan).forEach(step -> tools.add(step.path("tool").asText()));
                        plans.put(rs.getString(1), tools);
                    }
                }
            }
            return plans.size() == ids.size();
        });
        return plans;
    }

    private static void register(String name, String endpoint) throws Exception {
        String tool = "{\"name\":\"" + name + "\",\"kind\":\"route\",\"description\":\"Weather forecast for a city\","
                + "\"endpoint\":\"" + endpoint + "\",\"idempotent\":true,\"keywords\":[\"weather\",\"forecast\"],"
                + "\"phase\":\"gather\",\"plan-args\":{\"city\":\"{{goal}}\"}}";
        assertThat(app.post("/api/tools", "application/json", tool, Map.of()).statusCode()).isEqualTo(201);
    }

    private static String send(String id, String tenant, String goal, String plan) throws Exception {
        String body = "{\"id\":\"" + id + "\",\"tenant\":\"" + tenant + "\",\"goal\":\"" + goal + "\""
                + (plan == null ? "" : ",\"plan\":" + plan) + "}";
        assertThat(app.postJson(body).statusCode()).isEqualTo(202);
        return id;
    }

    private static String submit(String id, String tenant, String goal, String plan) throws Exception {
        send(id, tenant, goal, plan);
        app.awaitTerminal(id);
        return id;
    }

    private static List<String> plan(String id) throws Exception {
        return tools(app.getJson("/api/tasks/" + id));
    }

    private static List<String> tools(JsonNode task) {
        List<String> tools = new ArrayList<>();
        task.path("plan").forEach(step -> tools.add(step.path("tool").asText()));
        return tools;
    }

    private static JsonNode planned(String id) throws Exception {
        for (JsonNode event : app.getJson("/api/tasks/" + id + "/events").path("events")) {
            if ("PLANNED".equals(event.path("name").asText())) {
                return event.path("detail");
            }
        }
        throw new AssertionError("task " + id + " has no PLANNED event");
    }

    /** The id of the last weather task: weather tasks are every third task from 1 on. */
    private static String lastWeatherId(int count) {
        int last = 0;
        for (int n = 0, seen = 0; seen < count; n++) {
            if (n % 20 % 3 == 1) {
                last = n;
                seen++;
            }
        }
        return "weather-" + last;
    }

    private static int episodeCount(String tenant) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url());
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + schema
                        + ".memories WHERE tenant = ? AND kind = 'episode'")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Map<String, Object> metrics(String tenant, String tool) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url());
                PreparedStatement s = c.prepareStatement("SELECT sum(calls)::int, sum(failures)::int, string_agg(errors::text, ' ')"
                        + " FROM " + schema + ".tool_metrics WHERE tenant = ? AND tool = ?")) {
            s.setString(1, tenant);
            s.setString(2, tool);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return Map.of("calls", rs.getInt(1), "failures", rs.getInt(2), "errors", String.valueOf(rs.getString(3)));
            }
        }
    }
}
