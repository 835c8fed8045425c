package dev.kortana.routes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Kor'tana's own settings ({@code kortana.*} keys), read once at start-up; see docs/CONFIGURATION.md.
 *
 * @param dataDir          holds inbox/ (unless {@code inbox} is set elsewhere), outbox/ and the embedded database
 * @param inbox            the inbox folder, which several instances may share ({@code kortana.inbox.dir})
 * @param dbUrl            JDBC URL of an external PostgreSQL; blank starts the embedded one
 * @param dbUser           database user
 * @param dbPassword       database password (from the environment in production)
 * @param dbSchema         schema for Kor'tana's tables
 * @param dbPoolSize       connection pool size
 * @param nodeId           this worker's name in leases
 * @param lease            how long a lease lasts without renewal
 * @param heartbeat        how often held leases are renewed
 * @param maxTaskBytes     largest accepted task
 * @param allowedTools     tools the configuration allows; empty means all registered
 * @param httpAllowedHosts hosts the http.request tool may reach
 * @param httpTimeout      http.request timeout
 * @param kafkaBrokers     Kafka bootstrap servers; blank turns Kafka off
 * @param modelsCatalog    location of models.yaml
 */
public record Settings(
        Path dataDir,
        Path inbox,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String dbSchema,
        int dbPoolSize,
        String nodeId,
        Duration lease,
        Duration heartbeat,
        int maxTaskBytes,
        Set<String> allowedTools,
        String httpAllowedHosts,
        Duration httpTimeout,
        String kafkaBrokers,
        String modelsCatalog) {

    public static Settings from(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        return new Settings(
                Path.of(get(p, "kortana.data-dir", "./data")).toAbsolutePath().normalize(),
                inbox(p),
                get(p, "kortana.db.url", ""),
                get(p, "kortana.db.user", "postgres"),
                get(p, "kortana.db.password", ""),
                get(p, "kortana.db.schema", "kortana"),
                (int) number(p, "kortana.db.pool-size", "10"),
                get(p, "kortana.node-id", ""),
                Duration.ofMillis(number(p, "kortana.lease.duration-ms", "15000")),
                Duration.ofMillis(number(p, "kortana.lease.heartbeat-ms", "5000")),
                (int) number(p, "kortana.intake.max-bytes", "262144"),
                Arrays.stream(get(p, "kortana.policy.allowed-tools", "").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                get(p, "kortana.tools.http.allowed-hosts", ""),
                Duration.ofMillis(number(p, "kortana.tools.http.timeout-ms", "10000")),
                get(p, "kortana.kafka.brokers", ""),
                get(p, "kortana.models.catalog", "classpath:models.yaml"));
    }

    /** Refuses settings that would quietly misbehave, naming the key and the fix. */
    public void validate() {
        if (dbUrl.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("kortana.db.url contains a password, which would end up in logs;"
                    + " remove it from the URL and set KORTANA_DB_PASSWORD instead");
        }
        if (heartbeat.compareTo(lease.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("kortana.lease.heartbeat-ms=" + heartbeat.toMillis()
                    + " must be at most half of kortana.lease.duration-ms=" + lease.toMillis()
                    + ", or leases run out while tasks are still running");
        }
        if (maxTaskBytes < 1024) {
            throw new IllegalArgumentException("kortana.intake.max-bytes=" + maxTaskBytes + " is too small; use at least 1024");
        }
        if (dbPoolSize < 2) {
            throw new IllegalArgumentException("kortana.db.pool-size=" + dbPoolSize + " is too small; use at least 2");
        }
    }

    public boolean kafkaEnabled() {
        return !kafkaBrokers.isBlank();
    }

    /** For route builders, which are configured before the settings are bound. */
    public static boolean kafkaEnabled(CamelContext context) {
        return context.getPropertiesComponent().resolveProperty("kortana.kafka.brokers").map(b -> !b.isBlank()).orElse(false);
    }

    /** Whether the inbox is a folder set by {@code kortana.inbox.dir}, which other instances may share. */
    public boolean sharedInbox() {
        return !inbox.equals(dataDir.resolve("inbox"));
    }

    /**
     * The inbox folder: {@code kortana.inbox.dir}, or {@code <data-dir>/inbox} when it is empty. For route builders too,
     * which are configured before the settings are bound.
     */
    public static Path inbox(PropertiesComponent p) {
        String dir = get(p, "kortana.inbox.dir", "");
        Path inbox = dir.isEmpty() ? Path.of(get(p, "kortana.data-dir", "./data")).resolve("inbox") : Path.of(dir);
        return inbox.toAbsolutePath().normalize();
    }

    public Path outbox() {
        return dataDir.resolve("outbox");
    }

    /** A whole number setting; a bad value names the key (e.g. "15s" for a -ms key). */
    public static long number(PropertiesComponent p, String key, String fallback) {
        String value = get(p, key, fallback);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = " + value + " is not a whole number"
                    + (key.endsWith("-ms") ? " of milliseconds (write 15000, not 15s)" : ""), e);
        }
    }

    private static String get(PropertiesComponent p, String key, String fallback) {
        return p.resolveProperty(key).map(String::trim).orElse(fallback);
    }
}
