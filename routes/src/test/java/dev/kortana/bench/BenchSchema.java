package dev.kortana.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kortana.processors.store.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own for one benchmark run: dropped, migrated from scratch, filled with minimal {@code tasks} rows
 * (rows that reference a task need one), reached through a HikariCP pool, and dropped again on close.
 */
final class BenchSchema implements AutoCloseable {

    private final String jdbc;
    private final String schema;
    private final HikariDataSource pool;

    private BenchSchema(String jdbc, String schema, HikariDataSource pool) {
        this.jdbc = jdbc;
        this.schema = schema;
        this.pool = pool;
    }

    /** Tasks {@code taskIdPrefix + 0 … taskIdPrefix + (tasks - 1)}, status EXECUTING. */
    static BenchSchema create(String jdbc, String schema, String taskIdPrefix, int tasks) throws SQLException {
        drop(jdbc, schema);
        PGSimpleDataSource migrations = new PGSimpleDataSource();
        migrations.setUrl(jdbc);
        Migrations.migrate(migrations, schema);
        try (Connection c = DriverManager.getConnection(jdbc)) {
            c.setSchema(schema);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tasks (id, client_id, tenant, goal, channel, body_hash, task, status)"
                    + " VALUES (?, ?, 'bench', 'bench', 'bench', '-', '{}'::jsonb, 'EXECUTING')")) {
                for (int i = 0; i < tasks; i++) {
                    ps.setString(1, taskIdPrefix + i);
                    ps.setString(2, taskIdPrefix + i);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE tasks");
            }
        }
        // A pool, as Kor'tana runs it: a connection per statement would measure connection set-up instead.
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbc);
        config.setSchema(schema);
        config.setMaximumPoolSize(4);
        return new BenchSchema(jdbc, schema, new HikariDataSource(config));
    }

    DataSource pool() {
        return pool;
    }

    @Override
    public void close() throws SQLException {
        pool.close();
        drop(jdbc, schema);
    }

    private static void drop(String jdbc, String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement()) {
            // An identifier cannot be a bind parameter; the name is a constant of the calling benchmark.
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
