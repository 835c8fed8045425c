package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With Kafka on, every task event reaches {@code kortana.events} (keyed tenant/taskId, numbered in {@code kortana-seq},
 * in order) and an alert an instance opens reaches {@code kortana.alerts}, against a real KRaft broker.
 */
class KafkaEventsIT {

    @TempDir
    Path dir;

    @Test
    void taskEventsAndAlertsArePublished() throws Exception {
        String schema = TestDatabase.newSchema();
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"));
                RunningKortana app = RunningKortana.start(dir.resolve("data"), schema, Map.of(
                        "kortana.kafka.brokers", broker.bootstrap(),
                        "kortana.events.relay-ms", "200",
                        "kortana.heartbeat.interval-ms", "200"))) {
            String id = Json.MAPPER.readTree(app.postJson("{\"goal\":\"summarize the relayed note\"}").body()).path("taskId").asText();
            assertThat(app.awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");

            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            try (KafkaConsumer<String, String> events = broker.consumer("kortana.events")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    events.poll(Duration.ofMillis(200)).forEach(r -> {
                        if (("default/" + id).equals(r.key())) {
                            mine.add(r);
                        }
                    });
                    return mine.stream().anyMatch(r -> r.value().contains("\"name\":\"COMPLETED\""));
                });
            }
            List<String> names = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            for (ConsumerRecord<String, String> r : mine) {
                JsonNode event = Json.MAPPER.readTree(r.value());
                names.add(event.path("name").asText());
                seqs.add(Long.parseLong(KafkaBroker.header(r, "kortana-seq")));
                assertThat(event.path("seq").asLong()).isEqualTo(seqs.get(seqs.size() - 1));
            }
            assertThat(names).startsWith("ACCEPTED").contains("PLANNED", "STEP_COMPLETED").endsWith("COMPLETED");
            assertThat(seqs).isSorted();

            // An instance that went silent a minute ago: the alert this instance opens goes to kortana.alerts.
            try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + schema + ".heartbeats (node, component, status, beat_at)"
                        + " VALUES ('gone-2', 'database', 'ok', now() - interval '1 minute')");
            }
            ConsumerRecord<String, String> alert = broker.awaitRecord("kortana.alerts", "gone-2/database");
            JsonNode opened = Json.MAPPER.readTree(alert.value());
            assertThat(opened.path("state").asText()).isEqualTo("open");
            assertThat(opened.path("problem").asText()).startsWith("no heartbeat for");
            // Kafka beats too, as Camel's health checks of the Kafka consumers and producers see it.
            await().atMost(Duration.ofSeconds(30)).until(() -> app.getJson("/api/heartbeats").path("components"),
                    c -> java.util.stream.StreamSupport.stream(c.spliterator(), false)
                            .anyMatch(b -> "kafka".equals(b.path("component").asText()) && b.path("ok").asBoolean()));
        } finally {
            TestDatabase.dropSchema(schema);
        }
    }
}
