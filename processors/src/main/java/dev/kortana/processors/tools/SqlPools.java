package dev.kortana.processors.tools;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small connection pool per sql tool, made on the tool's first call and sized by its {@code concurrency}. A tool
 * registered again with other connection settings gets a new pool; the old one is closed.
 */
final class SqlPools implements AutoCloseable {

    /** The settings a pool was made from, to notice a changed registration. */
    private record Settings(String jdbcUrl, String user, String passwordEnv, int size, long timeoutMs) {

        static Settings of(ToolSpec spec) {
            return new Settings(spec.jdbcUrl(), spec.user(), spec.passwordEnv(), spec.concurrency(), spec.timeoutMs());
        }
    }

    private record Pool(Settings settings, HikariDataSource dataSource, AtomicBoolean roleChecked) {}

    private static final Logger LOG = LoggerFactory.getLogger(SqlPools.class);

    private final Function<String, String> env;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    SqlPools(Function<String, String> env) {
        this.env = env;
    }

    /** The pool of the tool {@code spec} registers, made or remade as needed. */
    HikariDataSource of(ToolSpec spec) {
        Settings wanted = Settings.of(spec);
        Pool current = pools.get(spec.name());
        if (current != null && current.settings().equals(wanted)) {
            return current.dataSource();
        }
        Pool made = pools.compute(spec.name(), (name, existing) -> {
            if (existing != null && existing.settings().equals(wanted)) {
                return existing;
            }
            if (existing != null) {
                existing.dataSource().close();
            }
            return new Pool(wanted, open(spec), new AtomicBoolean());
        });
        return made.dataSource();
    }

    /** A connection of the tool's pool; the pool's first one says (WARN) when the tool connects as a superuser. */
    Connection connection(ToolSpec spec) throws SQLException {
        HikariDataSource dataSource = of(spec);
        Connection connection = dataSource.getConnection();
        Pool pool = pools.get(spec.name());
        if (pool != null && pool.dataSource() == dataSource && pool.roleChecked().compareAndSet(false, true)) {
            warnIfSuperuser(spec, connection);
        }
        return connection;
    }

    /** A superuser passes every read-only and privilege check but the transaction's: give a sql tool its own role. */
    private static void warnIfSuperuser(ToolSpec spec, Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && rs.getBoolean(1)) {
                LOG.warn("sql tool {} connects to the database as a superuser ({}); give it a role that can only read"
                        + " what the tool needs (docs/OPERATIONS_RUNBOOK.md, sql tools)", spec.name(), connection.getMetaData().getUserName());
            }
        }
    }

    private HikariDataSource open(ToolSpec spec) {
        String url = spec.jdbcUrl();
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new ToolFailure("tool " + spec.name() + ": jdbc-url must be a jdbc:postgresql: URL, not " + url
                    + "; sql tools rely on PostgreSQL's read-only transactions");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("sql-" + spec.name());
        config.setJdbcUrl(url);
        config.setUsername(spec.user());
        if (spec.passwordEnv() != null) {
            String password = env.apply(spec.passwordEnv());
            if (password == null) {
                throw new ToolFailure("tool " + spec.name() + ": environment variable " + spec.passwordEnv()
                        + " (its password-env) is not set");
            }
            config.setPassword(password);
        }
        config.setMaximumPoolSize(spec.concurrency());
        config.setMinimumIdle(1);
        // A call waits for a free connection no longer than it may run.
        config.setConnectionTimeout(Math.max(250, spec.timeoutMs()));
        // Do not connect here: an unreachable database is a failure of the call, retried like any other.
        config.setInitializationFailTimeout(-1);
        // Our lexer reads backslashes in '...' literally; the server must too, or a literal could hide a keyword.
        config.setConnectionInitSql("SET standard_conforming_strings = on");
        return new HikariDataSource(config);
    }

    @Override
    public void close() {
        pools.values().forEach(pool -> pool.dataSource().close());
        pools.clear();
    }
}
