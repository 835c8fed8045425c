package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIngestIT {

    @TempDir
    static Path dataDir;

    static String schema = TestDatabase.newSchema();
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        // A generous minimum age: the slow-writer test must not depend on the writer never pausing under load.
        app = RunningKortana.start(dataDir, schema, Map.of("kortana.inbox.read-lock-min-age-ms", "1000"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void taskFileProducesAnOutcomeInTheOutboxAndMovesToDone() throws Exception {
        Files.writeString(inbox().resolve("kafka-outages.json"), "{\"goal\":\"summarize what memory knows about kafka outages\"}");

        Path outcome = awaitOutboxFile("kafka-outages-");

        JsonNode json = Json.MAPPER.readTree(outcome.toFile());
        assertThat(json.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(json.path("steps")).isNotEmpty();
        assertThat(outcome.getFileName().toString()).isEqualTo(json.path("taskId").asText() + ".json");
        // The file is moved once its exchange completes, which may be after the queued task has already finished.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inbox().resolve(".done/kafka-outages.json")).exists());
        assertThat(inbox().resolve("kafka-outages.json")).doesNotExist();
    }

    @Test
    void oddNamesAreRefusedOnceWithAReportAndCountedAndBadBytesInsideAreRefusedNamingTheLine() throws Exception {
        String longName = "n".repeat(245) + ".json";
        Files.writeString(inbox().resolve(longName), "{\"goal\":\"a task under a 250-byte name\"}");
        Files.writeString(Path.of(URI.create(inbox().toUri() + "odd%FF.json")), "{\"goal\":\"a task under a name that is not UTF-8\"}");
        Files.write(inbox().resolve("overlong.json"), new byte[] {'{', '"', 'g', 'o', 'a', 'l', '"', ':', '"', (byte) 0xc0, (byte) 0xae, '"', '}'});

        Path report = inbox().resolve(".error/overlong.json.error.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(report));
        assertThat(Json.MAPPER.readTree(report.toFile()).path("error").asText()).contains("not valid UTF-8 at line 1, column 10");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(app.get("/observe/metrics").body())
                .contains("kortana_inbox_skipped_total{reason=\"name-too-long\"} 1.0")
                .contains("kortana_inbox_skipped_total{reason=\"not-utf8\"} 1.0"));
        try (Stream<Path> refused = Files.list(inbox().resolve(".error"))) {
            assertThat(refused.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("refused-"))).hasSize(4);
        }
        try (Stream<Path> left = Files.list(inbox())) {
            assertThat(left.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith("."))).isEmpty();
        }
    }

    @Test
    void fileNamesAreMatchedInAnyCase() throws Exception {
        Files.writeString(inbox().resolve("SHOUTED.JSON"), "{\"goal\":\"summarize an upper-case file name\"}");

        assertThat(awaitOutboxFile("SHOUTED-")).exists();
    }

    @Test
    void malformedFileIsMovedToErrorWithAReportNamingTheProblemAndTheAppKeepsGoing() throws Exception {
        Files.writeString(inbox().resolve("broken.json"), "{\"goal\": 42, \"colour\": \"red\"}");

        Path report = inbox().resolve(".error/broken.json.error.json");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(report));

        JsonNode json = Json.MAPPER.readTree(report.toFile());
        assertThat(json.path("problems").findValuesAsText("field")).contains("/goal", "/colour");
        assertThat(inbox().resolve(".error/broken.json")).exists();

        Files.writeString(inbox().resolve("after-broken.json"), "{\"goal\":\"summarize the next file\"}");
        assertThat(awaitOutboxFile("after-broken-")).exists();
    }

    @Test
    void fileStillBeingWrittenIsNotReadUntilItStopsChanging() throws Exception {
        Path file = inbox().resolve("slow.json");
        byte[] content = "{\"goal\":\"summarize a file that was written slowly\"}".getBytes(StandardCharsets.UTF_8);
        AtomicInteger written = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (OutputStream out = Files.newOutputStream(file)) {
            // One byte every 50 ms: for ~2.5 s the file is incomplete JSON and keeps changing.
            writer.scheduleAtFixedRate(() -> {
                int i = written.get();
                if (i < content.length) {
                    try {
                        out.write(content[i]);
                        out.flush();
                        written.incrementAndGet();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> Files.exists(file) && !Files.exists(inbox().resolve(".error/slow.json")));
            await().atMost(Duration.ofSeconds(10)).until(() -> written.get() == content.length);
        } finally {
            writer.shutdownNow();
        }

        assertThat(awaitOutboxFile("slow-")).exists();
        assertThat(inbox().resolve(".error/slow.json")).doesNotExist();
    }

    @Test
    void theSameFileDroppedTwiceIsOneTask() throws Exception {
        String body = "{\"goal\":\"summarize a duplicate drop\"}";
        Files.writeString(inbox().resolve("twice.json"), body);
        Path first = awaitOutboxFile("twice-");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox().resolve(".done/twice.json")));

        Files.writeString(inbox().resolve("twice.json"), body);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(inbox().resolve("twice.json")));

        JsonNode tasks = app.getJson("/api/tasks?limit=500");
        long count = Stream.of(tasks.path("tasks")).flatMap(t -> java.util.stream.StreamSupport.stream(t.spliterator(), false))
                .filter(t -> t.path("taskId").asText().startsWith("twice-"))
                .count();
        assertThat(count).isEqualTo(1);
        assertThat(first).exists();
    }

    @Test
    void aSecondKortanaOnTheSameDataDirRefusesToStart() throws Exception {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> RunningKortana.start(dataDir, schema, Map.of()).close());

        assertThat(failure).isNotNull();
        assertThat(org.assertj.core.util.Throwables.getRootCause(failure)).hasMessageContaining("in use by another Kor'tana");
        assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);
    }

    private static Path inbox() {
        return dataDir.resolve("inbox");
    }

    private static Path awaitOutboxFile(String prefix) throws java.io.IOException {
        Path outbox = dataDir.resolve("outbox");
        await().atMost(Duration.ofSeconds(30)).until(() -> find(outbox, prefix).size() == 1);
        return find(outbox, prefix).get(0);
    }

    private static List<Path> find(Path folder, String prefix) throws java.io.IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".json")).toList();
        }
    }
}
