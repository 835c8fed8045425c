package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite (docs/RELIABILITY.md): Kor'tana as a separate process under a steady load of HTTP tasks with a
 * non-idempotent effect, while something breaks — the process killed with SIGKILL again and again, PostgreSQL
 * stopped and started. Afterwards every accepted task has ended and no effect happened twice ({@link FaultLoad}).
 * Each test prints one FAULT line with its figures.
 */
class FaultSuiteIT {

    private static final int TASKS = 160;
    private static final int CLIENTS = 4;
    private static final int PER_SECOND = 16;

    @TempDir
    Path dir;

    final String schema = TestDatabase.newSchema();
    final List<Process> started = new ArrayList<>();
    FaultLoad load;
    EmbeddedPostgres postgres;
    KafkaBroker broker;
    Path mounted;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroy); // the JVM under a wrapper (faketime) is a child of it
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (load != null) {
            load.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (mounted != null) {
            run("umount", mounted.toString());
        }
        if (postgres != null) {
            postgres.close();
        } else {
            TestDatabase.dropSchema(schema);
        }
    }

    @Test
    void killedWithSigkillFiveTimesUnderLoadEveryAcceptedTaskEndsAndNoEffectHappensTwice() throws Exception {
        int port = Ports.free();
        load = new FaultLoad("kill", port);
        int[] kills = {0};
        started.add(launch(port, "n0", TestDatabase.url(), schema));
        long start = System.nanoTime();
        FaultLoad.Sent sent = load.send(TASKS, CLIENTS, PER_SECOND, load::task, () -> {
            for (int k = 1; k <= 5; k++) {
                awaitQuietly(Duration.ofMillis(1500));
                Process victim = started.get(started.size() - 1);
                victim.destroyForcibly(); // SIGKILL: no shutdown hook, leases and in-flight calls left behind
                waitFor(victim);
                kills[0]++;
                started.add(launchQuietly(port, "n" + k, TestDatabase.url(), schema));
            }
        });
        Map<String, JsonNode> views = load.awaitTerminal(sent.accepted(), Duration.ofMinutes(3));
        report("kill -9 x" + kills[0], sent, views, start);

        assertThat(sent.accepted()).hasSize(TASKS);
        load.assertNoEffectTwice(views);
        // A call in flight when the process died may have taken effect, and this tool cannot tell (no idempotency keys,
        // no reconcile check: see ToolRecoveryIT for those): that task parks for a person; any other way of not
        // completing is a lost task.
        assertThat(views.values()).filteredOn(v -> !"COMPLETED".equals(v.path("status").asText()))
                .allSatisfy(v -> {
                    assertThat(v.path("status").asText()).isEqualTo("AWAITING_RECONCILIATION");
                    assertThat(v.path("reason").asText()).startsWith("RECONCILIATION_NEEDED");
                });
        assertThat(load.ready()).isTrue();
    }

    @Test
    void postgresStoppedForFiveSecondsUnderLoadEveryAcceptedTaskEndsAndNoEffectHappensTwice() throws Exception {
        // A PostgreSQL of the test's own, on a fixed port and data folder, so that it can be stopped and started.
        Path data = dir.resolve("pg");
        int pgPort = Ports.free();
        postgres = startPostgres(data, pgPort);
        int port = Ports.free();
        load = new FaultLoad("pg", port);
        started.add(launch(port, "n0", postgres.getJdbcUrl("postgres", "postgres"), "kortana"));
        long start = System.nanoTime();
        FaultLoad.Sent sent = load.send(TASKS, CLIENTS, PER_SECOND, load::task, () -> {
            awaitQuietly(Duration.ofSeconds(3));
            try {
                postgres.close(); // a fast shutdown: every connection is cut
                postgres = null;
                awaitQuietly(Duration.ofSeconds(5));
                postgres = startPostgres(data, pgPort);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, JsonNode> views = load.awaitTerminal(sent.accepted(), Duration.ofMinutes(3));
        report("PostgreSQL down 5 s", sent, views, start);

        assertThat(sent.accepted()).hasSize(TASKS);
        load.assertNoEffectTwice(views);
        assertThat(FaultLoad.byStatus(views)).as("a database outage is a passing fault: every task completes")
                .containsOnlyKeys("COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(load::ready);
    }

    @Test
    void kafkaBrokerRestartedUnderLoadEveryAcknowledgedRecordBecomesOneTaskThatEndsAndNoEffectHappensTwice() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        int port = Ports.free();
        load = new FaultLoad("kafka", port);
        started.add(launch(port, "n0", TestDatabase.url(), schema, "kortana.kafka.brokers = " + broker.bootstrap()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        long start = System.nanoTime();
        List<String> acknowledged = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> restartFailed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread restart = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(3); // the fault's timing: a few seconds into the load
                broker.restart(Duration.ofSeconds(5));
            } catch (Throwable e) {
                restartFailed.set(e);
            }
        });
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            restart.start();
            for (int i = 0; i < TASKS; i++) {
                acks.add(producer.send(new ProducerRecord<>("kortana.tasks", "kafka-" + i, load.task(i))));
                TimeUnit.MILLISECONDS.sleep(1000 / PER_SECOND); // pacing the producer
            }
            restart.join();
            assertThat(restartFailed.get()).as("the broker's restart").isNull();
            for (int i = 0; i < TASKS; i++) {
                acks.get(i).get(2, TimeUnit.MINUTES); // acknowledged: from here on Kor'tana owes a task
                acknowledged.add("kafka-" + i);
            }
        }
        Map<String, JsonNode> views = load.awaitTerminal(acknowledged, Duration.ofMinutes(3), true);
        report("Kafka broker down 5 s", new FaultLoad.Sent(acknowledged, 0), views, start);

        load.assertNoEffectTwice(views);
        assertThat(FaultLoad.byStatus(views)).as("a broker restart is a passing fault: every task completes")
                .containsOnlyKeys("COMPLETED");
        assertThat(views.values()).allSatisfy(v -> assertThat(v.path("channel").asText()).isEqualTo("KAFKA"));
        await().atMost(Duration.ofSeconds(60)).until(load::ready);
    }

    @Test
    void twoInstancesWhoseClocksDifferByTenMinutesShareTheLoadWithoutRunningATaskTwice() throws Exception {
        // Leases are reckoned in PostgreSQL's time, never the instances': a clock ten minutes ahead must neither
        // take live leases nor lose its own. The second instance runs under libfaketime (Debian's faketime).
        needs(java.nio.file.Files.isExecutable(Path.of("/usr/bin/faketime")),
                "Debian's faketime (apt-get install faketime; .ci/run installs it)");
        int port = Ports.free();
        int skewedPort = Ports.free();
        load = new FaultLoad("skew", port, skewedPort); // tasks go to both in turn
        started.add(launch(port, "on-time", TestDatabase.url(), schema));
        Path second = java.nio.file.Files.createDirectories(dir.resolve("second")); // a data dir of its own
        started.add(PackagedKortana.launch(second, skewedPort, "ahead", settings("ahead", TestDatabase.url(), schema),
                List.of("/usr/bin/faketime", "-f", "+600s")));
        long start = System.nanoTime();
        FaultLoad.Sent sent = load.send(TASKS, CLIENTS, PER_SECOND, load::task, () -> { });
        Map<String, JsonNode> views = load.awaitTerminal(sent.accepted(), Duration.ofMinutes(3));
        report("clocks 10 min apart", sent, views, start);

        load.assertNoEffectTwice(views);
        assertThat(FaultLoad.byStatus(views)).containsOnlyKeys("COMPLETED");
        assertThat(load.withEvent(sent.accepted(), "STEP_COMPLETED", "ahead")).as("tasks the skewed instance ran").isPositive();
        assertThat(load.withEvent(sent.accepted(), "STEP_COMPLETED", "on-time")).as("tasks the other one ran").isPositive();
        // Had either instance taken the other's leases for expired (or lost its own), a task would have been reclaimed.
        assertThat(load.withEvent(sent.accepted(), "RECLAIMED", null)).as("tasks taken over from a live instance").isZero();
    }

    @Test
    void theDataDirFillingUpUnderLoadLosesNoTaskAndKortanaWorksAgainOnceThereIsRoom() throws Exception {
        // The data dir on a 48 MB tmpfs of its own (mounting needs root, as CI runs), filled to the last byte for a while.
        Path data = java.nio.file.Files.createDirectories(dir.resolve("data"));
        needs("root".equals(System.getProperty("user.name")), "root, to mount a small tmpfs as the data dir");
        run("mount", "-t", "tmpfs", "-o", "size=48m", "kortana-fault", data.toString());
        mounted = data;
        int port = Ports.free();
        load = new FaultLoad("disk", port);
        started.add(launch(port, "n0", TestDatabase.url(), schema));
        Path filler = data.resolve("filler");
        long start = System.nanoTime();
        FaultLoad.Sent sent = load.send(TASKS, CLIENTS, PER_SECOND, load::task, () -> {
            awaitQuietly(Duration.ofSeconds(2));
            fill(filler);
            awaitQuietly(Duration.ofSeconds(5));
            try {
                java.nio.file.Files.delete(filler);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Map<String, JsonNode> views = load.awaitTerminal(sent.accepted(), Duration.ofMinutes(3));
        report("data dir full 5 s", sent, views, start);

        assertThat(sent.accepted()).hasSize(TASKS);
        load.assertNoEffectTwice(views);
        // A task that could not write its file while the disk was full waited for room (TOOL_UNAVAILABLE) and then
        // completed: a full disk is a passing fault, not a dead letter for a person to replay.
        assertThat(FaultLoad.byStatus(views)).containsOnlyKeys("COMPLETED");
        long waited = load.withEvent(sent.accepted(), "TOOL_UNAVAILABLE", null);
        System.out.printf("FAULT | data dir full: %d tasks waited for room and completed%n", waited);
        assertThat(waited).as("tasks that met the full disk").isPositive();
        // The memory index meets the full disk too when a memory is written in those seconds (not every run): then it
        // is repaired without a restart. Either way its heartbeat says it is whole again, and any repair that ran, ran.
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> memoryIndexWhole(load.get("/api/heartbeats")));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the memory index is still broken a minute after the disk had room: heartbeats "
                    + load.get("/api/heartbeats").path("components") + "; repairs "
                    + load.get("/api/maintenance/runs?job=memory-index-repair").path("runs"), e);
        }
        List<String> repairs = load.get("/api/maintenance/runs?job=memory-index-repair").path("runs").findValuesAsText("outcome");
        System.out.printf("FAULT | data dir full: memory index repairs %s%n", repairs);
        assertThat(repairs.isEmpty() || repairs.contains("ok")).as("repairs of the memory index: %s", repairs).isTrue();
        List<String> after = load.send(5, 1, 5, n -> load.task(TASKS + n), () -> { }).accepted();
        assertThat(FaultLoad.byStatus(load.awaitTerminal(after, Duration.ofMinutes(1)))).containsOnlyKeys("COMPLETED");
        List<String> all = new ArrayList<>(sent.accepted());
        all.addAll(after);
        load.assertNoEffectTwice(load.awaitTerminal(all, Duration.ofSeconds(30)));
        assertThat(load.ready()).isTrue();
    }

    /** Whether every instance's last memory-index beat in a {@code GET /api/heartbeats} answer was healthy. */
    private static boolean memoryIndexWhole(JsonNode heartbeats) {
        List<JsonNode> beats = new ArrayList<>();
        heartbeats.path("components").forEach(b -> {
            if ("memory-index".equals(b.path("component").asText())) {
                beats.add(b);
            }
        });
        return !beats.isEmpty() && beats.stream().allMatch(b -> b.path("ok").asBoolean());
    }

    /** Skips a test whose tool is missing here, except in CI, which must run every test. */
    private static void needs(boolean present, String what) {
        assertThat(present || !"true".equals(System.getenv("CI"))).as("CI=true and this test needs " + what).isTrue();
        org.junit.jupiter.api.Assumptions.assumeTrue(present, "needs " + what);
    }

    /** Writes to {@code file} until the file system is full. */
    private static void fill(Path file) {
        byte[] block = new byte[1 << 20];
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (java.io.IOException full) {
            // No space left on device: that was the point
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), output).isZero();
    }

    private Process launch(int port, String node, String dbUrl, String dbSchema, String... extra) throws Exception {
        return PackagedKortana.launch(dir, port, node, settings(node, dbUrl, dbSchema, extra));
    }

    private List<String> settings(String node, String dbUrl, String dbSchema, String... extra) {
        List<String> lines = new ArrayList<>(List.of(
                "kortana.node-id = " + node,
                "kortana.db.url = " + dbUrl,
                "kortana.db.schema = " + dbSchema,
                "kortana.lease.duration-ms = 2000",
                "kortana.lease.heartbeat-ms = 500",
                "kortana.lease.sweep-ms = 300",
                "kortana.lease.sweep-delay-ms = 0",
                "kortana.tools.http.allowed-hosts = " + load.toolHost()));
        lines.addAll(List.of(extra));
        return lines;
    }

    private Process launchQuietly(int port, String node, String dbUrl, String dbSchema) {
        try {
            return launch(port, node, dbUrl, dbSchema);
        } catch (Exception e) {
            throw new IllegalStateException("Kor'tana did not start again after a kill", e);
        }
    }

    private static EmbeddedPostgres startPostgres(Path data, int port) throws java.io.IOException {
        return OwnedPostgres.server(data, port);
    }

    /** Lets the load run for a while before the next fault: the fault's timing, not a wait for a route. */
    private static void awaitQuietly(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(Process process) {
        try {
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void report(String fault, FaultLoad.Sent sent, Map<String, JsonNode> views, long start) {
        long effects = views.keySet().stream().mapToInt(load::effects).sum();
        System.out.printf("FAULT | %s | %d tasks accepted, %d submissions sent again | %s | %d effects | all ended %.1f s"
                + " after the load began%n", fault, sent.accepted().size(), sent.resent(), FaultLoad.byStatus(views), effects,
                (System.nanoTime() - start) / 1e9);
        views.forEach((id, v) -> {
            if (!"COMPLETED".equals(v.path("status").asText())) {
                System.out.printf("FAULT |   %s %s: %s%n", id, v.path("status").asText(), v.path("reason").asText(v.toString()));
            }
        });
    }
}
