package dev.kortana.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The packaged application as a separate process (so a test can kill it with SIGKILL), started and awaited ready. */
final class PackagedKortana {

    private PackagedKortana() {}

    /** Starts {@code java -jar kortana.jar run} with these settings, logging to {@code <dir>/<node>.log}. */
    static Process launch(Path dir, int port, String node, List<String> settings) throws Exception {
        return launch(dir, port, node, settings, List.of());
    }

    /** As {@link #launch(Path, int, String, List)}, the command run through {@code wrapper} (e.g. faketime). */
    static Process launch(Path dir, int port, String node, List<String> settings, List<String> wrapper) throws Exception {
        Path config = dir.resolve(node + ".properties");
        // The real embedding model costs a second per start; a test that needs it sets it (the last line wins).
        List<String> lines = new java.util.ArrayList<>(List.of("kortana.memory.embedder = hashed-words-v1"));
        lines.addAll(settings);
        Files.write(config, lines);
        String jar = System.getProperty("kortana.jar", "target/kortana.jar");
        Path log = dir.resolve(node + ".log");
        List<String> command = new java.util.ArrayList<>(wrapper);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "run", "--port", String.valueOf(port), "--data-dir", dir.resolve("data").toString(),
                "--config", config.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            awaitReady(process, http, port, log);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly(); // never left running when it did not come up: the test that started it cannot stop it
            throw e;
        }
        return process;
    }

    private static void awaitReady(Process process, HttpClient http, int port, Path log) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kor'tana exited: " + Files.readString(log));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
