package dev.kortana.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL of the test's own (zonky's embedded server), on a fixed port and data folder, so that a test can stop it
 * (a fast shutdown: every connection is cut) and start it again where Kor'tana expects it.
 */
final class OwnedPostgres implements AutoCloseable {

    private final Path data;
    private final int port;
    private final java.util.Map<String, String> settings;
    private EmbeddedPostgres server;

    OwnedPostgres(Path data) throws IOException {
        this(data, java.util.Map.of());
    }

    /** With server {@code settings} beyond the durable defaults (e.g. shared_preload_libraries). */
    OwnedPostgres(Path data, java.util.Map<String, String> settings) throws IOException {
        this.data = data;
        this.port = Ports.free();
        this.settings = java.util.Map.copyOf(settings);
        start();
    }

    /** The JDBC URL of its {@code postgres} database, the same across a stop and a start. */
    String url() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    synchronized void start() throws IOException {
        if (server == null) {
            server = server(data, port, settings);
        }
    }

    /** A server on {@code port} keeping its files in {@code data} (kept across starts), durable as production is. */
    static EmbeddedPostgres server(Path data, int port) throws IOException {
        return server(data, port, java.util.Map.of());
    }

    private static EmbeddedPostgres server(Path data, int port, java.util.Map<String, String> settings) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(30));
        settings.forEach(builder::setServerConfig);
        return builder.start();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
