package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the packaged application prints until it is ready, read as an operator reads it. */
class StartupSummaryIT {

    @TempDir
    Path dir;

    final String schema = TestDatabase.newSchema();
    Process app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void startUpSaysWhatAnOperatorNeedsInAFewLinesAndTheAddressActuallyBound() throws Exception {
        int port = Ports.free();

        // With the real embedding model, as an operator starts it: its native libraries add no line.
        List<String> log = startAndReadLog(port, List.of("kortana.memory.embedder = all-minilm-l6-v2-q"));

        List<String> beforeReady = log.subList(0, log.indexOf("Kor'tana is ready."));
        // Warnings always show (a loaded machine may add one); what is counted is what start-up says of itself.
        List<String> said = beforeReady.stream().filter(l -> !l.contains(" WARN ")).toList();
        assertThat(said).as("no line per route, per HTTP endpoint or per setting:\n" + String.join("\n", beforeReady))
                .hasSizeLessThanOrEqualTo(15)
                .anyMatch(l -> l.contains("Settings changed from the packaged defaults") && l.contains("kortana.db.schema="))
                .anyMatch(l -> l.contains("Store ready"))
                .anyMatch(l -> l.contains("Memory: embeddings all-minilm-l6-v2-q (loaded in"))
                .anyMatch(l -> l.contains("Models: ["))
                .anyMatch(l -> l.contains("Apache Camel") && l.contains("started in"));
        assertThat(beforeReady).anyMatch(l -> l.contains("WARN") && l.contains("No API keys"));
        assertThat(log).contains("  API      http://127.0.0.1:" + port + "/api/tasks")
                .noneMatch(l -> l.contains("0.0.0.0"));
    }

    @Test
    void onEveryAddressTheBannerSaysSoAndGivesALocalAddress() throws Exception {
        int port = Ports.free();

        // A secret in a file is a reference to it: here a mounted file, as Kubernetes mounts a Secret.
        Path adminKey = Files.writeString(dir.resolve("admin-key"), TestKeys.BOOTSTRAP + "\n");
        List<String> log = startAndReadLog(port, List.of("camel.server.host = 0.0.0.0", "camel.management.host = 0.0.0.0",
                "kortana.admin.api-key = ${file:" + adminKey + "}"));

        assertThat(log).contains("  API      http://localhost:" + port + "/api/tasks"
                + "   (listening on every address of this machine, 0.0.0.0)");
        assertThat(log).as("the admin key given in --config").noneMatch(l -> l.contains(TestKeys.BOOTSTRAP));
    }

    private List<String> startAndReadLog(int port, List<String> settings) throws Exception {
        List<String> lines = new ArrayList<>(List.of("kortana.db.url = " + TestDatabase.url(), "kortana.db.schema = " + schema));
        lines.addAll(settings);
        app = PackagedKortana.launch(dir, port, "summary", lines);
        Path log = dir.resolve("summary.log");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("  access   "));
        return Files.readAllLines(log);
    }
}
