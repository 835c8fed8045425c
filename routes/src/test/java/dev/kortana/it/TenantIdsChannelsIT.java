package dev.kortana.it;

import static dev.kortana.it.TestKeys.ACME;
import static dev.kortana.it.TestKeys.GLOBEX;
import static dev.kortana.it.TestKeys.OPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task ids are per tenant on the inbox and Kafka too (TenantIdsIT covers HTTP): a task that names another tenant and
 * an id one tenant already uses is that tenant's own new task, never refused as a conflict that would tell it the id
 * is taken; within one tenant a repeated record is idempotent and another body is refused as a conflict.
 */
class TenantIdsChannelsIT {

    @TempDir
    static Path dir;

    static final String schema = TestDatabase.newSchema();
    static KafkaBroker broker;
    static RunningKortana kortana;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        kortana = RunningKortana.start(dir.resolve("data"), schema, Map.of(
                "kortana.auth.keys-file", TestKeys.writeKeyFile(Files.createDirectories(dir.resolve("etc"))),
                "kortana.kafka.brokers", broker.bootstrap(),
                "kortana.inbox.read-lock-min-age-ms", "500"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (kortana != null) {
            kortana.close();
        }
        if (broker != null) {
            broker.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void anIdOfAnotherTenantIsAFreeIdInTheInboxAndOnKafkaAndResubmissionStaysIdempotentWithinATenant() throws Exception {
        assertThat(kortana.as(ACME).postJson("{\"id\":\"shared-9\",\"goal\":\"recall the acme launch date\"}").statusCode())
                .isEqualTo(202);
        kortana.as(ACME).awaitTerminal("shared-9");

        // The inbox: globex's own task under acme's id, done, not refused.
        Path inbox = dir.resolve("data/inbox");
        Files.writeString(inbox.resolve("globex.json"),
                "{\"id\":\"shared-9\",\"tenant\":\"globex\",\"goal\":\"recall the globex merger\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/globex.json")));
        JsonNode globex = kortana.as(GLOBEX).awaitTerminal("shared-9");
        assertThat(globex.path("task").path("goal").asText()).isEqualTo("recall the globex merger");
        assertThat(globex.path("channel").asText()).isEqualTo("FILE");
        assertThat(inbox.resolve(".error/globex.json.error.json")).doesNotExist();

        // Kafka: initech's own task under the same id; the same record again changes nothing.
        String initech = "{\"id\":\"shared-9\",\"tenant\":\"initech\",\"goal\":\"recall the initech reorg\"}";
        publish("initech-1", initech);
        JsonNode first = kortana.as(OPS).awaitTerminal("shared-9?tenant=initech");
        assertThat(first.path("task").path("goal").asText()).isEqualTo("recall the initech reorg");
        assertThat(first.path("channel").asText()).isEqualTo("KAFKA");
        publish("initech-2", initech);
        // Within initech another body under that id is a conflict, said as such on the dead-letter topic.
        publish("initech-3", "{\"id\":\"shared-9\",\"tenant\":\"initech\",\"goal\":\"another body\"}");
        ConsumerRecord<String, String> conflict = broker.awaitRecord("kortana.tasks.dlq", "initech-3");
        assertThat(KafkaBroker.header(conflict, "kortana-error"))
                .contains("'shared-9' is already used by a task with a different body");
        assertThat(kortana.as(OPS).getJson("/api/tasks/shared-9?tenant=initech").path("createdAt"))
                .as("the repeated record made no second task").isEqualTo(first.path("createdAt"));
        assertThat(broker.keys("kortana.tasks.dlq")).as("only the conflict was refused").containsExactly("initech-3");

        // Each tenant still sees its own task, and only that.
        assertThat(kortana.as(ACME).getJson("/api/tasks/shared-9").path("task").path("goal").asText())
                .isEqualTo("recall the acme launch date");
        assertThat(kortana.as(GLOBEX).getJson("/api/tasks/shared-9").path("task").path("goal").asText())
                .isEqualTo("recall the globex merger");
    }

    private static void publish(String key, String value) throws Exception {
        broker.publish("kortana.tasks", key, value);
    }
}
