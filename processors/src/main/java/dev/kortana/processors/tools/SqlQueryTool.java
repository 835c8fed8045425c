package dev.kortana.processors.tools;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sql} tool kind: runs the one read-only statement of a tool's registration, filling its {@code :name}
 * parameters from the call's arguments. The agent never supplies SQL text. Two layers keep it read-only:
 * {@link ReadOnlySql} refuses statements that are not one SELECT, WITH, VALUES or TABLE, and every call runs in a
 * {@code READ ONLY} transaction that is always rolled back, so even a function that writes, or a setting the statement
 * changes, ends with the call; then {@code DISCARD ALL} ends what a rollback leaves (advisory locks, temporary objects). Serves every sql-kind registration ({@link ToolCall#spec()}), with a pool per tool.
 */
public class SqlQueryTool implements Tool, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqlQueryTool.class);

    private final int maxRows;
    private final SqlPools pools;

    /**
     * @param maxRows the most rows a call returns; {@code truncated} says when there were more
     * @param env     reads environment variables (passwords named by {@code password-env}); tests pass a map
     */
    public SqlQueryTool(int maxRows, Function<String, String> env) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, not " + maxRows);
        }
        this.maxRows = maxRows;
        this.pools = new SqlPools(env);
    }

    public SqlQueryTool(int maxRows) {
        this(maxRows, System::getenv);
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public ToolResult invoke(ToolCall call) {
        ToolSpec spec = call.spec();
        if (spec == null || !"sql".equals(spec.kind())) {
            throw new ToolFailure("the sql tool kind needs the registration of a sql tool with the call, not "
                    + (spec == null ? "none" : "tool " + spec.name() + " of kind " + spec.kind()));
        }
        // Checked at registration too; checked again here so no path to the database skips it.
        Optional<String> problem = ReadOnlySql.problem(spec.sql());
        if (problem.isPresent()) {
            throw new ToolFailure("tool " + spec.name() + ": " + problem.get());
        }
        return queryReadOnly(spec, SqlStatement.parse(spec.name(), spec.sql()), call.args());
    }

    /** The database layer alone, without the static check: tests show the read-only transaction holds by itself. */
    ToolResult queryReadOnly(ToolSpec spec, SqlStatement statement, Map<String, Object> args) {
        List<Object> values = statement.bind(args);
        HikariDataSource pool = pools.of(spec);
        try (Connection connection = pools.connection(spec)) {
            connection.setAutoCommit(false);
            ToolResult result;
            try {
                result = query(connection, spec, statement, values);
            } catch (SQLException | RuntimeException e) {
                end(connection, pool, e);
                throw e;
            }
            end(connection, pool, null);
            return result;
        } catch (SQLException e) {
            throw failure(spec.name(), e);
        }
    }

    private ToolResult query(Connection connection, ToolSpec spec, SqlStatement statement, List<Object> values)
            throws SQLException {
        try (Statement readOnly = connection.createStatement()) {
            readOnly.execute("SET TRANSACTION READ ONLY");
        }
        // set_config(…, true) is SET LOCAL with a parameter: the timeout ends with the transaction.
        try (PreparedStatement timeout = connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
            timeout.setString(1, Long.toString(spec.timeoutMs()));
            timeout.execute();
        }
        try (PreparedStatement ps = connection.prepareStatement(statement.jdbcSql())) {
            ps.setMaxRows(maxRows + 1);
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return new ToolResult(SqlRows.read(rs, maxRows), null);
            }
        }
    }

    /**
     * Rolls back, never commits, then ends the session's state too: advisory locks, temporary tables, prepared
     * statements and cursors outlive a rollback, so the pooled connection serves the next call as if new.
     */
    private static void end(Connection connection, HikariDataSource pool, Exception failure) throws SQLException {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
            try (Statement reset = connection.createStatement()) {
                reset.execute("DISCARD ALL");
                // DISCARD ALL resets what the pool set when it connected
                reset.execute("SET standard_conforming_strings = on");
            }
        } catch (SQLException e) {
            // A connection that could not roll back must not serve another call.
            pool.evictConnection(connection);
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** A ToolFailure when the statement cannot succeed as registered, a TransientToolFailure when trying again may help. */
    static RuntimeException failure(String tool, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = firstLine(e.getMessage());
        if (state.equals("25006")) {
            return new ToolFailure("tool " + tool + ": the statement tried to write (" + message
                    + "); sql tools run in a read-only transaction");
        }
        if (state.equals("57014")) {
            return new TransientToolFailure("tool " + tool + ": the statement ran past its timeout (" + message + ")");
        }
        // Connection lost or refused, server shutting down or out of resources, serialization failure, deadlock.
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.startsWith("40")
                || e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            // sql tools only read: nothing happened, and the task may wait for the database as for any tool that is down.
            return TransientToolFailure.unavailable("tool " + tool + ": the database is not available (" + message + ")", true,
                    null, e);
        }
        return new ToolFailure("tool " + tool + ": the database refused the statement: " + message
                + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.lines().findFirst().orElse(message).strip();
        return line.startsWith("ERROR: ") ? line.substring("ERROR: ".length()) : line;
    }

    /**
     * Connects once as each sql tool of {@code specs}, so a tool that connects as a superuser is named (WARN) at
     * start-up rather than at its first call. An unreachable database is left to the calls, which retry.
     */
    public void checkRoles(List<ToolSpec> specs) {
        for (ToolSpec spec : specs) {
            if ("sql".equals(spec.kind())) {
                try (Connection ignored = pools.connection(spec)) {
                    // the pool's first connection checks the role
                } catch (SQLException | RuntimeException e) {
                    LOG.info("sql tool {}: could not check its database role at start-up ({})", spec.name(), firstLine(e.getMessage()));
                }
            }
        }
    }

    /** Closes every pool. */
    @Override
    public void close() {
        pools.close();
    }
}
