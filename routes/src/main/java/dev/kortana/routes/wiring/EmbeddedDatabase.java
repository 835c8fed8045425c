package dev.kortana.routes.wiring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-setup store: a real PostgreSQL 17 whose files live in {@code <data-dir>/db}, so tasks survive restarts.
 * A server left running by a killed Kor'tana (kill -9 does not stop child processes) is shut down first.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDir) throws IOException {
        Path directory = dataDir.resolve("db");
        Files.createDirectories(directory);
        stopOrphan(directory);
        long t0 = System.nanoTime();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                // Camel stops it after the routes, via Resources; a JVM hook of its own would race Camel's shutdown.
                .setRegisterShutdownHook(false)
                // The library's defaults trade durability for test speed; an accepted task must survive a crash.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setPGStartupWait(Duration.ofSeconds(30))
                .start();
        LOG.info("Embedded PostgreSQL started in {} ms on port {} with data in {} (set kortana.db.url to use your own server)",
                (System.nanoTime() - t0) / 1_000_000, postgres.getPort(), directory);
        return new EmbeddedDatabase(postgres);
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /** Stops a postmaster still running on this data directory from an earlier, killed process. */
    private static void stopOrphan(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
        // Only a postgres serving this very directory: a recycled pid may now belong to anything.
        if (orphan.isEmpty() || !orphan.get().isAlive()
                || !orphan.get().info().commandLine().map(c -> c.contains("postgres") && c.contains(directory.toString())).orElse(false)) {
            return; // a stale pid file: PostgreSQL itself recovers from it
        }
        LOG.warn("Embedded PostgreSQL (pid {}) from an earlier run is still up; stopping it before starting again",
                orphan.get().pid());
        ProcessHandle process = orphan.get();
        process.destroy(); // SIGTERM: PostgreSQL's smart shutdown
        try {
            process.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping an orphaned PostgreSQL", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("cannot stop orphaned PostgreSQL pid " + process.pid(), e);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
