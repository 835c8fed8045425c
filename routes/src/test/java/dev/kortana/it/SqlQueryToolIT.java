package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.processors.tools.SqlQueryTool;
import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolFailure;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.processors.tools.TransientToolFailure;
import dev.kortana.processors.tools.UncheckedSqlQuery;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sql tool kind on real PostgreSQL: parameters bind, results read, and no call can write or leave settings behind. */
class SqlQueryToolIT {

    static String schema = TestDatabase.newSchema();
    static SqlQueryTool tool = new SqlQueryTool(3, Map.<String, String>of()::get);

    @BeforeAll
    static void createItems() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".items (id int PRIMARY KEY, name text, price numeric(8,2),"
                    + " created_at timestamptz, meta jsonb)");
            s.execute("INSERT INTO " + schema + ".items VALUES"
                    + " (1, 'apple', 1.50, '2024-01-02T03:04:05Z', '{\"colour\": \"red\"}'),"
                    + " (2, 'pear', 2.25, '2024-01-03T00:00:00Z', '{\"size\": 3}'),"
                    + " (3, 'plum', 0.75, NULL, NULL), (4, 'fig', 3.00, NULL, NULL), (5, 'kiwi', 0.50, NULL, NULL)");
            // A write the static check cannot see: it hides in a function body.
            s.execute("CREATE FUNCTION " + schema + ".add_item(item_name text) RETURNS int LANGUAGE plpgsql AS $$"
                    + " BEGIN INSERT INTO " + schema + ".items (id, name) VALUES (100, item_name); RETURN 1; END $$");
        }
    }

    @AfterAll
    static void drop() {
        tool.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void parameterisedSelectReturnsColumnsRowsAndText() {
        JsonNode out = invoke(spec("items.cheap", "SELECT id, name, price, created_at, meta FROM items"
                + " WHERE price < :max_price::numeric AND id <> :skip ORDER BY id", 30_000, 2),
                Map.of("max_price", 2.5, "skip", 3));

        assertThat(out.get("columns")).hasToString("[\"id\",\"name\",\"price\",\"created_at\",\"meta\"]");
        assertThat(out.get("rowCount").asInt()).isEqualTo(3);
        assertThat(out.get("truncated").asBoolean()).isFalse();
        JsonNode apple = out.get("rows").get(0);
        assertThat(apple.get("id").isIntegralNumber()).isTrue();
        assertThat(apple.get("id").asInt()).isEqualTo(1);
        assertThat(apple.get("name").asText()).isEqualTo("apple");
        assertThat(apple.get("price").decimalValue()).isEqualByComparingTo(new BigDecimal("1.50"));
        assertThat(apple.get("created_at").asText()).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(apple.get("meta").get("colour").asText()).isEqualTo("red");
        assertThat(out.get("rows").get(2).get("meta").isNull()).isTrue();
        assertThat(out.get("text").asText()).startsWith("id | name | price | created_at | meta\n1 | apple | 1.50 |")
                .contains("\n5 | kiwi | 0.50 | null | null");
    }

    @Test
    void resultLongerThanMaxRowsIsTruncated() {
        JsonNode out = invoke(spec("items.all", "SELECT id FROM items ORDER BY id", 30_000, 2), Map.of());

        assertThat(out.get("rowCount").asInt()).isEqualTo(3);
        assertThat(out.get("truncated").asBoolean()).isTrue();
        assertThat(out.get("text").asText()).endsWith("(first 3 rows only; the result had more)");
    }

    @Test
    void questionMarkOperatorOfTheStatementReachesTheDatabase() {
        JsonNode out = invoke(spec("items.with-key", "SELECT name FROM items WHERE meta ? :key", 30_000, 2),
                Map.of("key", "colour"));

        assertThat(out.get("rows")).hasToString("[{\"name\":\"apple\"}]");
    }

    @Test
    void writeHiddenInAFunctionIsRefusedByTheReadOnlyTransaction() {
        ToolSpec spec = spec("items.add", "SELECT add_item(:name)", 30_000, 2);

        assertThatThrownBy(() -> tool.invoke(call(spec, Map.of("name", "melon"))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("cannot execute INSERT in a read-only transaction")
                .hasMessageContaining("sql tools run in a read-only transaction");
        assertThat(itemCount()).isEqualTo(5);
    }

    @Test
    void dataModifyingWithIsRefusedByTheStaticCheckAndByTheDatabase() {
        ToolSpec spec = spec("items.purge", "WITH d AS (DELETE FROM items WHERE id > :above RETURNING id) SELECT * FROM d",
                30_000, 2);

        assertThatThrownBy(() -> tool.invoke(call(spec, Map.of("above", 0))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("sql contains DELETE inside a WITH");
        // PostgreSQL names the top-level command: "cannot execute SELECT in a read-only transaction".
        assertThatThrownBy(() -> UncheckedSqlQuery.run(tool, spec, Map.of("above", 0)))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("the statement tried to write")
                .hasMessageContaining("read-only transaction");
        assertThatThrownBy(() -> UncheckedSqlQuery.run(tool, spec("items.lock", "SELECT * FROM items FOR UPDATE", 30_000, 2),
                Map.of()))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("read-only transaction");
        assertThat(itemCount()).isEqualTo(5);
    }

    @Test
    void anAdvisoryLockTakenByACallIsNotHeldOnceTheCallEnds() throws Exception {
        // One connection, kept by the pool: a session-level lock would outlive the rollback on it.
        ToolSpec locking = spec("items.lock", "SELECT pg_advisory_lock(:key) AS locked, pg_backend_pid() AS pid", 30_000, 1);

        JsonNode first = invoke(locking, Map.of("key", 914_2271L));

        assertThat(advisoryLocksHeld(914_2271L)).isZero();
        JsonNode again = invoke(locking, Map.of("key", 914_2271L));
        assertThat(again.at("/rows/0/pid")).as("the same pooled session").isEqualTo(first.at("/rows/0/pid"));
        assertThat(advisoryLocksHeld(914_2271L)).isZero();
        assertThat(invoke(spec("items.lock", "SELECT current_setting('standard_conforming_strings') AS scs", 30_000, 1),
                Map.of()).at("/rows/0/scs").asText()).as("set again after DISCARD ALL").isEqualTo("on");
    }

    @Test
    void warnsOnceWhenASqlToolConnectsAsASuperuser() throws Exception {
        boolean superuser;
        try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            superuser = rs.next() && rs.getBoolean(1);
        }
        try (CapturedLogs logs = new CapturedLogs()) {
            invoke(spec("items.super", "SELECT 1 AS one", 30_000, 1), Map.of());
            invoke(spec("items.super", "SELECT 1 AS one", 30_000, 1), Map.of());

            assertThat(logs.lines().stream().filter(l -> l.contains("sql tool items.super connects to the database as a superuser")))
                    .hasSize(superuser ? 1 : 0);
        }
    }

    @Test
    void settingsChangedByOneCallDoNotReachTheNext() {
        // One connection, so a leaked setting would show in the second call.
        JsonNode first = invoke(spec("items.settings", "SELECT pg_backend_pid() AS pid,"
                + " set_config('default_transaction_read_only', 'off', false) AS ro,"
                + " set_config('search_path', 'pg_catalog', false) AS path", 30_000, 1), Map.of());
        JsonNode next = invoke(spec("items.settings", "SELECT pg_backend_pid() AS pid,"
                + " current_setting('transaction_read_only') AS ro, current_setting('search_path') AS path,"
                + " (SELECT count(*) FROM items) AS n", 30_000, 1), Map.of());

        assertThat(next.at("/rows/0/pid")).isEqualTo(first.at("/rows/0/pid"));
        assertThat(next.at("/rows/0/ro").asText()).isEqualTo("on");
        assertThat(next.at("/rows/0/path").asText()).contains(schema);
        assertThat(next.at("/rows/0/n").asInt()).isEqualTo(5);
        assertThatThrownBy(() -> tool.invoke(call(spec("items.settings", "SELECT add_item('late')", 30_000, 1), Map.of())))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("read-only transaction");
        assertThat(itemCount()).isEqualTo(5);
    }

    @Test
    void statementRunningPastItsTimeoutIsTransientAndTheToolStaysUsable() {
        ToolSpec slow = spec("items.slow", "SELECT pg_sleep(:seconds)", 300, 1);

        assertThatThrownBy(() -> tool.invoke(call(slow, Map.of("seconds", 5))))
                .isInstanceOf(TransientToolFailure.class)
                .hasMessageContaining("statement timeout");
        assertThat(invoke(slow, Map.of("seconds", 0)).get("rowCount").asInt()).isEqualTo(1);
    }

    private static JsonNode invoke(ToolSpec spec, Map<String, Object> args) {
        return tool.invoke(call(spec, args)).output();
    }

    private static ToolCall call(ToolSpec spec, Map<String, Object> args) {
        return new ToolCall("task-1", "acme", 0, args).withSpec(spec, "task-1/0");
    }

    private static ToolSpec spec(String name, String sql, long timeoutMs, int concurrency) {
        String url = TestDatabase.url();
        String jdbcUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new ToolSpec(name, "sql", "reads items", null, "gather", null, null, null, null, null, null, true,
                timeoutMs, null, concurrency, null, null, sql, jdbcUrl, null, null, null, null, false, null, null, null);
    }

    private static int itemCount() {
        try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".items")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int advisoryLocksHeld(long key) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url());
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                        + " AND ((classid::bigint << 32) | objid::bigint) = ?")) {
            s.setLong(1, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
