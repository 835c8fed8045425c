package dev.kortana.cli;

import dev.kortana.routes.wiring.KortanaApplication;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kortana run}: starts the service and runs until stopped (Ctrl-C or SIGTERM shut it down gracefully). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start Kor'tana: HTTP API, inbox folder, Kafka (when brokers are given) and the pipeline.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--port", description = "HTTP port for the API and /observe endpoints (default: 8080)")
    Integer port;

    @Option(names = "--host", description = "address to bind (default: 127.0.0.1); any other address needs API keys (kortana.auth.keys-file or KORTANA_ADMIN_KEY)")
    String host;

    @Option(names = "--data-dir", description = "folder for inbox/, outbox/ and the embedded database (default: ./data)")
    Path dataDir;

    @Option(names = "--config", description = "a properties file overriding config/application.properties")
    Path config;

    @Option(names = "--kafka-brokers", description = "Kafka bootstrap servers, e.g. localhost:9092; turns the Kafka channel on")
    String kafkaBrokers;

    @Option(names = "--models", description = "a models.yaml to use instead of the built-in one (offline model only)")
    Path models;

    @Option(names = "--db-url", description = "JDBC URL of an external PostgreSQL (default: embedded PostgreSQL under the data dir)")
    String dbUrl;

    @Override
    public Integer call() throws IOException {
        Main main = KortanaApplication.create(overrides());
        main.addMainListener(new ReadyBanner());
        TermSignal.completes(main);
        try {
            main.run();
            return main.getExitCode();
        } catch (Exception e) {
            System.err.println("Kor'tana could not start: " + e.getMessage());
            return 1;
        }
    }

    /** Command-line flags win over the --config file, which wins over the built-in configuration. */
    Map<String, String> overrides() throws IOException {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (config != null) {
            if (!Files.isReadable(config)) {
                throw new IOException("--config " + config + ": no such readable file");
            }
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(config)) {
                file.load(reader);
            }
            file.stringPropertyNames().forEach(k -> overrides.put(k, file.getProperty(k)));
        }
        if (port != null) {
            overrides.put("camel.server.port", port.toString());
            overrides.put("camel.management.port", port.toString());
        }
        if (host != null) {
            overrides.put("camel.server.host", host);
            overrides.put("camel.management.host", host);
        }
        if (dataDir != null) {
            overrides.put("kortana.data-dir", dataDir.toAbsolutePath().normalize().toString());
        }
        if (kafkaBrokers != null) {
            overrides.put("kortana.kafka.brokers", kafkaBrokers);
        }
        if (dbUrl != null) {
            overrides.put("kortana.db.url", dbUrl);
        }
        if (models != null) {
            if (!Files.isReadable(models)) {
                throw new IOException("--models " + models + ": no such readable file");
            }
            overrides.put("kortana.models.catalog", "file:" + models.toAbsolutePath().normalize());
        }
        return overrides;
    }
}
