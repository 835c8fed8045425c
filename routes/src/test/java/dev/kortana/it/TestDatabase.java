package dev.kortana.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL the integration tests use: {@code KORTANA_TEST_DB_URL}, else the server on 127.0.0.1:5432
 * (database {@code test}). Without one, a local run falls back to an embedded PostgreSQL and says so loudly; CI
 * (CI=true) fails instead, so the PostgreSQL tests never silently run somewhere else.
 */
public final class TestDatabase {

    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static String url;
    private static EmbeddedPostgres embedded;

    private TestDatabase() {}

    /** JDBC URL (with user) of the test server. */
    public static synchronized String url() {
        if (url == null) {
            String configured = System.getenv().getOrDefault("KORTANA_TEST_DB_URL", DEFAULT_URL);
            String candidate = configured.contains("user=") ? configured : configured + (configured.contains("?") ? "&" : "?") + "user=postgres";
            if (reachable(candidate)) {
                url = candidate;
            } else if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but PostgreSQL at " + configured + " is not reachable;"
                        + " start it (see .ci/run) or set KORTANA_TEST_DB_URL");
            } else {
                System.err.println("\n*** WARNING: PostgreSQL at " + configured + " is not reachable; the integration tests"
                        + " run against an embedded PostgreSQL instead. Set KORTANA_TEST_DB_URL to use your server. ***\n");
                try {
                    embedded = EmbeddedPostgres.builder().start();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot start an embedded PostgreSQL for the tests", e);
                }
                url = embedded.getJdbcUrl("postgres", "postgres");
            }
        }
        return url;
    }

    /** A fresh schema name; each test class works in its own schema of the shared database. */
    public static String newSchema() {
        return "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema, e);
        }
    }

    private static boolean reachable(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
