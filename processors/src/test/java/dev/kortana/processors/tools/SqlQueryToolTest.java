package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the sql tool refuses before it reaches a database, and how it reads database errors. */
class SqlQueryToolTest {

    /** Nothing listens here: a call that tried to connect would fail as transient, not with the expected ToolFailure. */
    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/none";

    private final SqlQueryTool tool = new SqlQueryTool(10, Map.of("STOCK_DB_PASSWORD", "secret")::get);

    @AfterEach
    void closePools() {
        tool.close();
    }

    @Test
    void refusesACallWithoutASqlRegistration() {
        assertThatThrownBy(() -> tool.invoke(new ToolCall("t1", "acme", 0, Map.of())))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("needs the registration of a sql tool");
    }

    @Test
    void refusesAWritingStatementBeforeConnecting() {
        ToolSpec spec = spec("stock", "WITH d AS (DELETE FROM items RETURNING *) SELECT * FROM d", NOWHERE, null);

        assertThatThrownBy(() -> tool.invoke(call(spec, Map.of())))
                .isInstanceOf(ToolFailure.class)
                .hasMessageStartingWith("tool stock: sql contains DELETE inside a WITH");
    }

    @Test
    void refusesAMissingArgumentBeforeConnecting() {
        ToolSpec spec = spec("stock", "SELECT * FROM items WHERE sku = :sku", NOWHERE, null);

        assertThatThrownBy(() -> tool.invoke(call(spec, Map.of())))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("argument 'sku' is required by the statement of tool stock");
    }

    @Test
    void unsetPasswordVariableIsAToolFailureNamingIt() {
        ToolSpec spec = spec("stock", "SELECT 1", NOWHERE, "OTHER_DB_PASSWORD");

        assertThatThrownBy(() -> tool.invoke(call(spec, Map.of())))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("environment variable OTHER_DB_PASSWORD")
                .hasMessageContaining("is not set");
    }

    @Test
    void refusesADatabaseOtherThanPostgresql() {
        ToolSpec spec = spec("stock", "SELECT 1", "jdbc:h2:mem:stock", null);

        assertThatThrownBy(() -> tool.invoke(call(spec, Map.of())))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("jdbc-url must be a jdbc:postgresql: URL");
    }

    @Test
    void writeInAReadOnlyTransactionIsAToolFailureSayingSo() {
        RuntimeException failure = SqlQueryTool.failure("stock",
                new SQLException("ERROR: cannot execute INSERT in a read-only transaction\n  Where: SQL statement", "25006"));

        assertThat(failure).isInstanceOf(ToolFailure.class).hasMessage("tool stock: the statement tried to write"
                + " (cannot execute INSERT in a read-only transaction); sql tools run in a read-only transaction");
    }

    @Test
    void timeoutsAndLostConnectionsAreTransient() {
        assertThat(SqlQueryTool.failure("stock", new SQLException("canceling statement due to statement timeout", "57014")))
                .isInstanceOf(TransientToolFailure.class).hasMessageContaining("ran past its timeout");
        assertThat(SqlQueryTool.failure("stock", new SQLException("Connection refused", "08001")))
                .isInstanceOf(TransientToolFailure.class).hasMessageContaining("not available");
        assertThat(SqlQueryTool.failure("stock", new SQLTransientConnectionException("sql-stock - request timed out")))
                .isInstanceOf(TransientToolFailure.class);
    }

    @Test
    void syntaxAndDataErrorsAreToolFailuresWithTheDatabaseMessage() {
        assertThat(SqlQueryTool.failure("stock", new SQLException("ERROR: relation \"itemz\" does not exist", "42P01")))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("tool stock: the database refused the statement: relation \"itemz\" does not exist (SQLSTATE 42P01)");
        assertThat(SqlQueryTool.failure("stock", new SQLException("ERROR: invalid input syntax for type integer", "22P02")))
                .isInstanceOf(ToolFailure.class);
    }

    static ToolSpec spec(String name, String sql, String jdbcUrl, String passwordEnv) {
        return new ToolSpec(name, "sql", "reads stock", null, "gather", null, null, null, null, null, null, true,
                null, null, null, null, null, sql, jdbcUrl, "reader", passwordEnv, null, null, false, null, null, null);
    }

    private static ToolCall call(ToolSpec spec, Map<String, Object> args) {
        return new ToolCall("t1", "acme", 0, args).withSpec(spec, "t1/0");
    }
}
