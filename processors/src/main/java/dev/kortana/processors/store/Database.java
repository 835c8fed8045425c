package dev.kortana.processors.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Thin JDBC access with positional parameters only: SQL text is never built from data. */
public final class Database {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Reads the current row of a streamed result set; returns false to stop reading. */
    @FunctionalInterface
    public interface RowVisitor {
        boolean visit(ResultSet rs) throws SQLException;
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T run(Session session) throws SQLException;
    }

    private final DataSource dataSource;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public int update(String sql, Object... params) {
        return single(s -> s.update(sql, params));
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return single(s -> s.query(sql, mapper, params));
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        return single(s -> s.queryOne(sql, mapper, params));
    }

    /**
     * One statement on its own: PostgreSQL runs it as a transaction of its own (autocommit), so it needs no BEGIN and
     * no COMMIT round trip; it is as atomic as it was inside them.
     */
    private <T> T single(TransactionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.run(new Session(connection));
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    public <T> T inTransaction(TransactionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(new Session(connection));
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    /** Statements on one connection, inside the transaction that opened it. */
    public static final class Session {
        private final Connection connection;

        Session(Connection connection) {
            this.connection = connection;
        }

        public int update(String sql, Object... params) throws SQLException {
            try (PreparedStatement ps = prepare(sql, params)) {
                return ps.executeUpdate();
            }
        }

        public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
            try (PreparedStatement ps = prepare(sql, params); ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }

        public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
            List<T> rows = query(sql, mapper, params);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }

        /** Runs the statement once per parameter row, sent to the server as one JDBC batch. */
        public int[] batch(String sql, List<Object[]> rows) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (Object[] params : rows) {
                    for (int i = 0; i < params.length; i++) {
                        bind(ps, i + 1, params[i]);
                    }
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        }

        /**
         * Streams the rows to the visitor, {@code fetchSize} at a time, until it returns false: a table larger than
         * memory can be read, because the transaction keeps the cursor open.
         */
        public void stream(String sql, int fetchSize, RowVisitor visitor, Object... params) throws SQLException {
            try (PreparedStatement ps = prepare(sql, params)) {
                ps.setFetchSize(fetchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && visitor.visit(rs)) {
                        // the visitor does the work
                    }
                }
            }
        }

        private PreparedStatement prepare(String sql, Object... params) throws SQLException {
            PreparedStatement ps = connection.prepareStatement(sql);
            for (int i = 0; i < params.length; i++) {
                bind(ps, i + 1, params[i]);
            }
            return ps;
        }

        private void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            if (value == null) {
                ps.setNull(index, Types.OTHER);
            } else if (value instanceof Instant instant) {
                ps.setTimestamp(index, Timestamp.from(instant));
            } else if (value instanceof String[] strings) {
                ps.setArray(index, connection.createArrayOf("text", strings));
            } else if (value instanceof Enum<?> e) {
                ps.setString(index, e.name());
            } else {
                ps.setObject(index, value);
            }
        }
    }

    /** Converts a nullable timestamp column. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
