package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tools registered at run time through the admin API: route tools that call the operator's own Camel routes
 * (YAML files in the data folder), sql tools that read a real PostgreSQL and cannot write, and registrations that
 * are refused with the field and the fix.
 */
class ToolRegistryIT {

    static final String ADMIN_KEY = "it-admin-key-0123456789abcdef";

    @TempDir
    static Path dataDir;

    static final String schema = TestDatabase.newSchema();
    static final String shop = TestDatabase.newSchema();
    /** Without a key: every API request is refused. */
    static RunningKortana kortana;
    /** The same Kor'tana, called with the admin key. */
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dataDir.resolve("routes"));
        try (InputStream routes = ToolRegistryIT.class.getResourceAsStream("/it-routes/shop.yaml")) {
            Files.copy(routes, dataDir.resolve("routes/shop.yaml"));
        }
        sql("CREATE SCHEMA " + shop,
                "CREATE TABLE " + shop + ".items (sku text PRIMARY KEY, stock int NOT NULL)",
                "INSERT INTO " + shop + ".items VALUES ('A-1', 12), ('B-2', 0)",
                "CREATE TABLE " + shop + ".orders (id serial PRIMARY KEY, sku text)",
                "CREATE FUNCTION " + shop + ".place_order(s text) RETURNS int LANGUAGE plpgsql AS $$"
                        + " DECLARE n int; BEGIN INSERT INTO " + shop + ".orders (sku) VALUES (s) RETURNING id INTO n; RETURN n; END $$");
        kortana = RunningKortana.start(dataDir, schema, Map.of("kortana.admin.api-key", ADMIN_KEY));
        app = kortana.as(ADMIN_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        kortana.close();
        TestDatabase.dropSchema(schema);
        TestDatabase.dropSchema(shop);
    }

    @Test
    void routeToolsCallTheOperatorsOwnRoutesEndToEnd() throws Exception {
        assertThat(register("{\"name\":\"inventory.lookup\",\"kind\":\"route\",\"description\":\"Stock of a product\","
                + "\"endpoint\":\"direct:inventory\",\"idempotent\":true,\"capabilities\":[\"inventory\"],"
                + "\"args-schema\":{\"type\":\"object\",\"required\":[\"sku\"],\"properties\":{\"sku\":{\"type\":\"string\"}}}}")
                .statusCode()).isEqualTo(201);
        assertThat(register("{\"name\":\"audit.note\",\"kind\":\"route\",\"description\":\"Note for auditors\","
                + "\"endpoint\":\"seda:audit\",\"safety\":[\"writes-data\"]}").statusCode()).isEqualTo(201);

        JsonNode listed = app.getJson("/api/tools");
        JsonNode lookup = find(listed.path("tools"), "inventory.lookup");
        assertThat(lookup.path("source").asText()).isEqualTo("api");
        assertThat(lookup.has("endpoint")).as("where a tool connects stays private").isFalse();
        assertThat(find(listed.path("tools"), "http.request").path("source").asText()).isEqualTo("tools.yaml");

        JsonNode task = app.awaitTerminal(submit("[{\"tool\":\"inventory.lookup\",\"args\":{\"sku\":\"A-1\"}},"
                + "{\"tool\":\"audit.note\",\"args\":{\"about\":\"{{steps.0.output}}\"}}]"));

        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("COMPLETED");
        JsonNode stock = task.path("steps").get(0).path("output");
        assertThat(stock.path("stock").asInt()).isEqualTo(7);
        assertThat(stock.path("task").asText()).isEqualTo(task.path("taskId").asText());
        assertThat(stock.path("asked").path("sku").asText()).isEqualTo("A-1");
        assertThat(task.path("steps").get(1).path("output").path("text").asText()).isEqualTo("noted");
    }

    @Test
    void sqlToolsReadButAWriteHiddenInAFunctionIsRefusedByTheReadOnlyTransaction() throws Exception {
        assertThat(register(sqlTool("stock.level", "SELECT sku, stock FROM " + shop + ".items WHERE sku = :sku")).statusCode())
                .isEqualTo(201);
        assertThat(register(sqlTool("order.sneaky", "SELECT " + shop + ".place_order(:sku) AS id")).statusCode()).isEqualTo(201);

        JsonNode read = app.awaitTerminal(submit("[{\"tool\":\"stock.level\",\"args\":{\"sku\":\"A-1\"}}]"));
        JsonNode write = app.awaitTerminal(submit("[{\"tool\":\"order.sneaky\",\"args\":{\"sku\":\"A-1\"}}]"));

        assertThat(read.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(read.path("steps").get(0).path("output").path("rows").get(0).path("stock").asInt()).isEqualTo(12);
        assertThat(write.path("status").asText()).isEqualTo("FAILED");
        assertThat(write.path("steps").get(0).path("error").asText()).contains("read-only");
        assertThat(count(shop + ".orders")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"INSERT INTO t VALUES (1)", "UPDATE t SET a = 1", "DROP TABLE t",
            "WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone"})
    void sqlRegistrationsThatWriteAreRefusedNamingTheField(String statement) throws Exception {
        HttpResponse<String> response = register(sqlTool("writer.tool", statement));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("sql");
        assertThat(problem.path("errors").get(0).path("problem").asText()).containsAnyOf("INSERT", "UPDATE", "DROP", "DELETE");
    }

    @Test
    void registrationsAreRefusedWithTheFieldAndTheFix() throws Exception {
        HttpResponse<String> fileRoute = register("{\"name\":\"disk.dump\",\"kind\":\"route\",\"description\":\"d\",\"endpoint\":\"file:/tmp\"}");
        HttpResponse<String> shipped = register("{\"name\":\"http.request\",\"kind\":\"http\",\"description\":\"mine now\"}");
        HttpResponse<String> typo = register("{\"name\":\"x.y\",\"kind\":\"memory\",\"description\":\"d\",\"idempotnet\":true}");

        assertThat(fileRoute.statusCode()).isEqualTo(400);
        assertThat(fileRoute.body()).contains("endpoint").contains("kortana.tools.route.api-schemes");
        assertThat(shipped.statusCode()).isEqualTo(400);
        assertThat(shipped.body()).contains("tools.yaml");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("idempotnet");
    }

    @Test
    void registrationNeedsTheAdminKey() throws Exception {
        String tool = "{\"name\":\"a.b\",\"kind\":\"memory\",\"description\":\"d\"}";

        HttpResponse<String> none = kortana.post("/api/tools", "application/json", tool, Map.of());
        HttpResponse<String> wrong = kortana.post("/api/tools", "application/json", tool, Map.of("Authorization", "Bearer nope"));

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("Authorization: Bearer");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(app.getJson("/api/tools").path("tools").findValuesAsText("name")).doesNotContain("a.b");
    }

    @Test
    void aRouteToolWhoseRouteIsMissingFailsTheStepSayingSo() throws Exception {
        register("{\"name\":\"nowhere.tool\",\"kind\":\"route\",\"description\":\"d\",\"endpoint\":\"direct:nowhere\",\"idempotent\":true}");

        JsonNode task = app.awaitTerminal(submit("[{\"tool\":\"nowhere.tool\",\"args\":{}}]"));

        assertThat(task.path("status").asText()).isEqualTo("FAILED");
        assertThat(task.path("reason").asText()).contains("no route consumes direct:nowhere");
    }

    private static String sqlTool(String name, String statement) {
        ObjectNode tool = Json.MAPPER.createObjectNode().put("name", name).put("kind", "sql").put("description", "reads the shop")
                .put("sql", statement).put("jdbc-url", TestDatabase.url().replaceFirst("[?&]user=[^&]*", "")).put("user", "postgres")
                .put("idempotent", true);
        return tool.toString();
    }

    private static HttpResponse<String> register(String json) throws Exception {
        return app.post("/api/tools", "application/json", json, Map.of());
    }

    private static String submit(String plan) throws Exception {
        HttpResponse<String> response = app.postJson("{\"goal\":\"use registered tools\",\"plan\":" + plan + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body()).path("taskId").asText();
    }

    private static JsonNode find(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (name.equals(tool.path("name").asText())) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name + " in " + tools);
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static int count(String table) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
