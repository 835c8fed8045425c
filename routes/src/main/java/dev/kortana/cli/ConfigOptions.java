package dev.kortana.cli;

import dev.kortana.config.CatalogSources;
import dev.kortana.config.ConfigLayer;
import dev.kortana.config.ConfigLoader;
import dev.kortana.config.Dependencies;
import dev.kortana.config.KortanaConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that choose and override the configuration, shared by {@code run} and {@code config}. */
final class ConfigOptions {

    @Option(names = "--env", description = "local, staging or production: the manifest config/cloud/ENV.yaml applied over the"
            + " defaults (default: $KORTANA_ENV, else local)")
    String env;

    @Option(names = "--config", description = "your settings file, YAML (.yaml) or properties (.properties), over the"
            + " manifest (default: $KORTANA_CONFIG)")
    Path config;

    @Option(names = "--port", description = "HTTP port for the API and /observe endpoints (default: 8080)")
    Integer port;

    @Option(names = "--host", description = "address to bind (default: 127.0.0.1); any other address needs API keys (kortana.auth.keys-file or KORTANA_ADMIN_KEY)")
    String host;

    @Option(names = "--data-dir", description = "folder for inbox/, outbox/ and the embedded database (default: ./data)")
    Path dataDir;

    @Option(names = "--kafka-brokers", description = "Kafka bootstrap servers, e.g. localhost:9092; turns the Kafka channel on")
    String kafkaBrokers;

    @Option(names = "--models", description = "a models.yaml to use instead of the built-in one")
    Path models;

    @Option(names = "--db-url", description = "JDBC URL of an external PostgreSQL (default: embedded PostgreSQL under the data dir)")
    String dbUrl;

    /** Every layer read, references resolved, the schema and the catalog files checked. */
    KortanaConfig load() {
        KortanaConfig loaded = ConfigLoader.forThisProcess().load(env, config, flags());
        loaded.addProblems(CatalogSources.check(loaded, System.getenv()));
        return loaded;
    }

    /**
     * Also asks the database and Kafka the configuration names; waits for them up to
     * {@code kortana.startup.dependency-wait-ms} only when nothing else is wrong (no point waiting to refuse).
     */
    static void checkDependencies(KortanaConfig config) {
        Duration wait = config.problems().isEmpty() ? Duration.ofMillis(waitMs(config)) : Duration.ZERO;
        config.addProblems(Dependencies.check(config, wait));
    }

    private static long waitMs(KortanaConfig config) {
        try {
            return Long.parseLong(config.value("kortana.startup.dependency-wait-ms").trim());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** One layer per flag, so that each value names the flag that set it. */
    List<ConfigLayer> flags() {
        List<ConfigLayer> flags = new ArrayList<>();
        if (port != null) {
            flags.add(flag("--port", "camel.server.port", port.toString(), "camel.management.port", port.toString()));
        }
        if (host != null) {
            flags.add(flag("--host", "camel.server.host", host, "camel.management.host", host));
        }
        if (dataDir != null) {
            flags.add(flag("--data-dir", "kortana.data-dir", dataDir.toAbsolutePath().normalize().toString()));
        }
        if (kafkaBrokers != null) {
            flags.add(flag("--kafka-brokers", "kortana.kafka.brokers", kafkaBrokers));
        }
        if (dbUrl != null) {
            flags.add(flag("--db-url", "kortana.db.url", dbUrl));
        }
        if (models != null) {
            flags.add(flag("--models", "kortana.models.catalog", "file:" + models.toAbsolutePath().normalize()));
        }
        return flags;
    }

    private static ConfigLayer flag(String name, String... keysAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ConfigLayer.of("flag " + name, values);
    }
}
