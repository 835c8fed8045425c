package dev.kortana.processors.maintenance;

import dev.kortana.processors.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code VACUUM (ANALYZE)} of the tables maintenance deletes from, so their space is reused and the planner's
 * statistics follow the deletes. VACUUM cannot run inside a transaction, so each runs on a connection in autocommit.
 */
public class TableVacuum {

    /** The tables, named here and never from data (VACUUM takes no parameters). */
    public static final List<String> TABLES = List.of("memories", "tasks", "task_events", "steps", "tool_calls",
            "maintenance_runs");

    private final DataSource dataSource;

    public TableVacuum(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Counts the {@code tables} vacuumed. */
    public Map<String, Long> run() {
        long done = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                for (String table : TABLES) {
                    s.execute("VACUUM (ANALYZE) " + table);
                    done++;
                }
            }
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
        return Map.of("tables", done);
    }
}
