package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's scale-out: three Kor'tana processes on one PostgreSQL schema and one Kafka broker share 3,000 tasks that
 * arrive over Kafka (one consumer group, three partitions), over HTTP (to the instances in turn) and as files in one
 * inbox folder all three read ({@code kortana.inbox.dir}). A third of the way through, one instance is killed with
 * SIGKILL and another is sent SIGTERM. Every task completes once: one effect at the tool, one step checkpoint, one
 * outcome; every instance did work; each file was read by one instance (a second read only of a file the killed one
 * had not moved yet); the stopped instance exits 0 and the tasks it let go are taken at once; the consumer group's
 * offsets cover every record. Prints one SCALE line with the figures.
 */
class ScaleOutIT {

    private static final int PER_CHANNEL = 1000;
    private static final int TASKS = 3 * PER_CHANNEL;
    private static final Duration LEASE = Duration.ofMillis(8000);
    // Every heartbeat renews the lease of every task queued on an instance: every two seconds, not every second.
    private static final Duration HEARTBEAT = Duration.ofMillis(2000);
    private static final Pattern ACCEPTED_FILE = Pattern.compile("Accepted inbox/(file-\\d+)\\.json as task");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the instances' logs stay for a look when it fails
    Path dir;

    final String schema = TestDatabase.newSchema();
    final HttpClient http = HttpClient.newHttpClient();
    final Map<String, Process> instances = new TreeMap<>();
    final Map<String, Integer> ports = new TreeMap<>();
    KafkaBroker broker;
    CountingToolServer tool;
    ScaleOutLoad load;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : instances.values()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (load != null) {
            load.close();
        }
        if (tool != null) {
            tool.close();
        }
        if (broker != null) {
            broker.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void threeInstancesCompleteThreeThousandTasksOnceEachThroughAKillNineAndASigterm() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        try (AdminClient admin = admin()) {
            admin.createTopics(List.of(new NewTopic("kortana.tasks", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        tool = new CountingToolServer();
        Path inbox = Files.createDirectories(dir.resolve("shared-inbox"));
        for (String node : List.of("a", "b", "c")) {
            ports.put(node, Ports.free());
        }
        launch("a", inbox);
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(api("a", "/api/tools"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"orders.keyed\",\"kind\":\"http\",\"description\":\"Places an order\","
                                + "\"honours-idempotency-key\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isIn(200, 201);
        launch("b", inbox);
        launch("c", inbox);
        for (String node : ports.keySet()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(api(node, "/api/tools")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("orders.keyed"));
        }

        long start = System.nanoTime();
        load = new ScaleOutLoad(tool, broker.bootstrap(), inbox, List.copyOf(ports.values()));
        load.start(PER_CHANNEL, Duration.ofMillis(150)); // 20 tasks a second for 150 s: still arriving at the faults

        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(200))
                .until(() -> completed() >= TASKS / 3);
        long completedAtFaults = completed();
        double faultsAt = (System.nanoTime() - start) / 1e9;
        Process killed = instances.get("b");
        Process stopped = instances.get("c");
        killed.destroyForcibly(); // SIGKILL: no shutdown of any kind; its leases and claims run out
        Instant sigterm = Instant.now();
        stopped.destroy(); // SIGTERM, as Kubernetes sends it
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stopped.waitFor(30, TimeUnit.SECONDS)).as("the SIGTERMed instance exits within its grace period").isTrue();
        Duration stopTook = Duration.between(sigterm, Instant.now());
        assertThat(stopped.exitValue()).as("exit code after SIGTERM; log: %s", dir.resolve("c/c.log")).isZero();

        load.awaitSent(Duration.ofMinutes(4));
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(() -> ended() >= TASKS);
        double seconds = (System.nanoTime() - start) / 1e9;

        // Every task is there, once, completed.
        assertThat(byStatus()).containsExactly(Map.entry("COMPLETED", (long) TASKS));
        assertThat(count("SELECT count(*) FROM tasks WHERE client_id LIKE 'http-%'")).isEqualTo(PER_CHANNEL);
        assertThat(count("SELECT count(*) FROM tasks WHERE client_id LIKE 'kafka-%'")).isEqualTo(PER_CHANNEL);
        assertThat(count("SELECT count(*) FROM tasks WHERE client_id LIKE 'file-%'")).isEqualTo(PER_CHANNEL);
        assertThat(load.accepted()).hasSize(PER_CHANNEL);

        // No step ran twice: one effect per task at the tool, one checkpoint and one STEP_COMPLETED per step.
        List<String> ids = rows("SELECT client_id FROM tasks");
        Map<Integer, Long> effects = ids.stream().collect(Collectors.groupingBy(id -> tool.effects(ScaleOutLoad.path(id)),
                TreeMap::new, Collectors.counting()));
        assertThat(effects).as("tasks by their number of effects").containsExactly(Map.entry(1, (long) TASKS));
        assertThat(count("SELECT count(*) FROM steps")).isEqualTo(TASKS);
        assertThat(rows("SELECT task_id FROM task_events WHERE name = 'STEP_COMPLETED' GROUP BY task_id, detail->>'step'"
                + " HAVING count(*) > 1")).as("steps completed twice").isEmpty();
        // One outcome per task in the store: one terminal event, one outcome.
        assertThat(rows("SELECT task_id FROM task_events WHERE kind = 'status' AND name = 'COMPLETED' GROUP BY task_id"
                + " HAVING count(*) > 1")).as("tasks that ended twice").isEmpty();
        assertThat(count("SELECT count(*) FROM tasks WHERE outcome IS NULL")).isZero();

        // Every instance completed tasks.
        Map<String, Long> byNode = perNode();
        assertThat(byNode).containsOnlyKeys("a", "b", "c").allSatisfy((node, n) -> assertThat(n).as(node).isPositive());

        // Outcomes on Kafka: at least once by design (a worker killed after sending and before recording it ended sends
        // it again); a second record only for a task the killed instance was running.
        Map<String, Long> outcomes = broker.keys("kortana.outcomes").stream()
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        assertThat(outcomes.keySet()).as("Kafka tasks with an outcome record").hasSize(PER_CHANNEL);
        List<String> resentOutcomes = outcomes.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        List<String> takenFromKilled = rows("SELECT DISTINCT task_id FROM task_events WHERE name = 'RECLAIMED'"
                + " AND detail->>'previousOwner' = 'b'");
        assertThat(takenFromKilled).as("outcomes sent twice").containsAll(resentOutcomes);

        // Each file was read by one instance; a second read only of a file the killed instance claimed and never moved.
        Map<String, List<String>> readers = fileReaders();
        assertThat(readers).hasSize(PER_CHANNEL);
        Map<String, List<String>> readTwice = readers.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(readTwice.values()).as("files read twice").allSatisfy(by -> assertThat(by).contains("b"));
        try (Stream<Path> done = Files.list(inbox.resolve(".done"))) {
            assertThat(done.count()).isEqualTo(PER_CHANNEL);
        }
        try (Stream<Path> left = Files.list(inbox)) {
            assertThat(left.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith("."))).as("left in the inbox").isEmpty();
        }
        assertThat(inbox.resolve(".error")).as("files refused").doesNotExist();
        assertThat(count("SELECT count(*) FROM inbox_claims")).as("claims left behind").isZero();

        // The stopped instance let its queued tasks go at once: taken before their leases could have run out.
        List<Instant> takenFromStopped = rows("SELECT (extract(epoch FROM at) * 1000)::bigint FROM task_events"
                + " WHERE name = 'RECLAIMED' AND detail->>'previousOwner' = 'c'").stream()
                .map(ms -> Instant.ofEpochMilli(Long.parseLong(ms))).toList();
        Duration slowestHandover = takenFromStopped.stream().map(at -> Duration.between(sigterm, at)).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        assertThat(slowestHandover).as("SIGTERM to the last takeover of its tasks").isLessThan(LEASE.minus(HEARTBEAT));

        // Kafka: the group's committed offsets cover every record.
        try (AdminClient admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("kortana")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            assertThat(committed).hasSize(3);
            committed.forEach((tp, offset) -> assertThat(offset.offset()).as("committed %s", tp).isEqualTo(ends.get(tp).offset()));
        }

        List<String> resends = rows("SELECT task_id FROM tool_calls WHERE attempts > 1");
        System.out.printf("SCALE | %d tasks (Kafka %d, HTTP %d, inbox %d) | completed by %s | faults after %d completed:"
                        + " b kill -9, c SIGTERM (exit 0 in %.1f s, %d queued tasks taken over, last %.1f s after SIGTERM),"
                        + " %d tasks taken from b | tool calls resent after the kill %d, effects 1 per task | files read twice %s |"
                        + " outcomes sent twice %d | HTTP resent %d | all done %.1f s after the first task (%.1f tasks/s on three"
                        + " instances, %.1f on the survivor)%n",
                TASKS, PER_CHANNEL, PER_CHANNEL, PER_CHANNEL, byNode, completedAtFaults, stopTook.toMillis() / 1000.0,
                takenFromStopped.size(), slowestHandover.toMillis() / 1000.0, takenFromKilled.size(), resends.size(), readTwice,
                resentOutcomes.size(), load.resent(), seconds, completedAtFaults / faultsAt,
                (TASKS - completedAtFaults) / (seconds - faultsAt));
    }

    private void launch(String node, Path inbox) throws Exception {
        Path home = Files.createDirectories(dir.resolve(node));
        instances.put(node, PackagedKortana.launch(home, ports.get(node), node, List.of(
                "kortana.node-id = " + node,
                "kortana.db.url = " + TestDatabase.url(),
                "kortana.db.schema = " + schema,
                "kortana.kafka.brokers = " + broker.bootstrap(),
                "kortana.inbox.dir = " + inbox,
                "kortana.lease.duration-ms = " + LEASE.toMillis(),
                "kortana.lease.heartbeat-ms = " + HEARTBEAT.toMillis(),
                "kortana.lease.sweep-ms = 500",
                "kortana.lease.sweep-delay-ms = 0",
                "kortana.lease.sweep-batch = 500", // what a stopping instance hands back is taken in a sweep or two
                // a killed consumer's partition goes to the others after 10 s rather than Kafka's 45
                "camel.component.kafka.sessionTimeoutMs = 10000",
                "kortana.tools.http.allowed-hosts = 127.0.0.1:" + tool.port())));
    }

    private URI api(String node, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(node) + path);
    }

    private long completed() throws Exception {
        return count("SELECT count(*) FROM tasks WHERE status = 'COMPLETED'");
    }

    private long ended() throws Exception {
        return count("SELECT count(*) FROM tasks WHERE status IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED',"
                + " 'AWAITING_RECONCILIATION', 'AWAITING_APPROVAL')");
    }

    private Map<String, Long> byStatus() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String row : rows("SELECT status || '=' || count(*) FROM tasks GROUP BY status")) {
            counts.put(row.substring(0, row.indexOf('=')), Long.parseLong(row.substring(row.indexOf('=') + 1)));
        }
        return counts;
    }

    /** Tasks each instance ended (its COMPLETED event). */
    private Map<String, Long> perNode() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String row : rows("SELECT node || '=' || count(*) FROM task_events WHERE kind = 'status' AND name = 'COMPLETED'"
                + " GROUP BY node")) {
            counts.put(row.substring(0, row.indexOf('=')), Long.parseLong(row.substring(row.indexOf('=') + 1)));
        }
        return counts;
    }

    /** For each inbox file, the instances whose log says they read it (one entry per read). */
    private Map<String, List<String>> fileReaders() throws Exception {
        Map<String, List<String>> readers = new TreeMap<>();
        for (String node : instances.keySet()) {
            for (String line : Files.readAllLines(dir.resolve(node).resolve(node + ".log"))) {
                Matcher m = ACCEPTED_FILE.matcher(line);
                if (m.find()) {
                    readers.computeIfAbsent(m.group(1), f -> new ArrayList<>()).add(node);
                }
            }
        }
        return readers;
    }

    private AdminClient admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        return AdminClient.create(p);
    }

    private long count(String sql) throws Exception {
        return TestStore.count(schema, sql);
    }

    private List<String> rows(String sql) throws Exception {
        return TestStore.rows(schema, sql);
    }
}
