package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * A governed Kor'tana for the approval and audit tests: its own schema and policies.yaml, and irreversible order tools
 * that place orders on a {@link CountingToolServer}, so a test can count every effect.
 */
final class OrderShop implements AutoCloseable {

    final String schema = TestDatabase.newSchema();
    final CountingToolServer shop;
    final Path policies;
    final Map<String, String> config;
    RunningKortana app;

    OrderShop(Path dataDir, String policiesYaml, String... tools) throws Exception {
        this(dataDir, policiesYaml, Map.of(), Map.of(), tools);
    }

    /** With {@code extra} settings and {@code beans} bound before start. */
    OrderShop(Path dataDir, String policiesYaml, Map<String, String> extra, Map<String, Object> beans, String... tools)
            throws Exception {
        shop = new CountingToolServer();
        java.nio.file.Files.createDirectories(dataDir);
        policies = dataDir.resolve("policies.yaml");
        Files.writeString(policies, policiesYaml);
        Map<String, String> settings = new java.util.HashMap<>(Map.of("kortana.tools.http.allowed-hosts", "127.0.0.1:" + shop.port(),
                "kortana.policy.file", policies.toString(),
                "kortana.policy.reload-ms", "200",
                "kortana.approvals.timeout-check-ms", "200"));
        settings.putAll(extra);
        config = Map.copyOf(settings);
        app = RunningKortana.start(dataDir, schema, config, beans);
        for (String tool : tools) {
            HttpResponse<String> created = app.post("/api/tools", "application/json", "{\"name\":\"" + tool + "\",\"kind\":\"http\","
                    + "\"description\":\"Places an order; cannot be undone\",\"safety\":[\"irreversible\"]}", Map.of());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
    }

    /** Submits a one-step task that POSTs an order for A-1 to {@code path} with {@code tool}; returns its id. */
    String submit(String tool, String path, String goal) throws Exception {
        String plan = "[{\"tool\":\"" + tool + "\",\"args\":{\"method\":\"POST\",\"url\":\"" + shop.url(path)
                + "\",\"body\":{\"sku\":\"A-1\"}}}]";
        HttpResponse<String> accepted = app.postJson("{\"goal\":\"" + goal + "\",\"plan\":" + plan + "}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return Json.MAPPER.readTree(accepted.body()).path("taskId").asText();
    }

    HttpResponse<String> decide(String id, String body) throws Exception {
        return app.post("/api/approvals/" + id, "application/json", body, Map.of());
    }

    HttpResponse<String> cancel(String id, String body) throws Exception {
        return app.post("/api/tasks/" + id + "/cancel", "application/json", body, Map.of());
    }

    /** The open approval request of a task, or an empty object. */
    JsonNode openRequestOf(String id) throws Exception {
        JsonNode all = app.getJson("/api/approvals").path("approvals");
        return StreamSupport.stream(all.spliterator(), false).filter(a -> a.path("taskId").asText().equals(id))
                .findFirst().orElse(Json.MAPPER.createObjectNode());
    }

    List<String> eventNames(String id) throws Exception {
        return StreamSupport.stream(app.getJson("/api/tasks/" + id + "/events").path("events").spliterator(), false)
                .map(e -> e.path("name").asText()).toList();
    }

    /** What a re-plan does to a stored plan: step 0 orders another SKU. */
    void replan(String id, String sku) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url());
                PreparedStatement update = c.prepareStatement("UPDATE " + schema + ".tasks SET plan = jsonb_set(plan,"
                        + " '{0,args,body,sku}', to_jsonb(CAST(? AS text))) WHERE id = ?")) {
            update.setString(1, sku);
            update.setString(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /** The kinds of the audit entries of one task (null: entries without a task), in log order. */
    List<String> auditKinds(String taskId) throws Exception {
        return audit("kind", taskId);
    }

    /** The signed bodies of the audit entries of one task, in log order. */
    List<String> auditBodies(String taskId) throws Exception {
        return audit("body", taskId);
    }

    private List<String> audit(String column, String taskId) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url());
                PreparedStatement query = c.prepareStatement("SELECT " + column + " FROM " + schema + ".audit_log"
                        + " WHERE task_id IS NOT DISTINCT FROM ? ORDER BY seq")) {
            query.setString(1, taskId);
            List<String> kinds = new ArrayList<>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    kinds.add(rows.getString(1));
                }
            }
            return kinds;
        }
    }

    @Override
    public void close() throws Exception {
        app.close();
        shop.close();
        TestDatabase.dropSchema(schema);
    }
}
