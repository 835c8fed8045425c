package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaIngestIT {

    @TempDir
    static Path dir;

    static String schema = TestDatabase.newSchema();
    static KafkaBroker broker;
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        app = RunningKortana.start(dir.resolve("data"), schema, Map.of("kortana.kafka.brokers", broker.bootstrap()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void recordOnTasksTopicYieldsAnOutcomeUnderTheSameKey() throws Exception {
        String key = "order-" + UUID.randomUUID();
        publish("kortana.tasks", key, "{\"goal\":\"summarize what memory knows about kafka outages\"}");

        ConsumerRecord<String, String> outcome = awaitRecord("kortana.outcomes", key);

        JsonNode json = Json.MAPPER.readTree(outcome.value());
        assertThat(json.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(json.path("steps")).isNotEmpty();
        assertThat(header(outcome, "kortana-status")).isEqualTo("COMPLETED");
        assertThat(header(outcome, "kortana-task-id")).isEqualTo(json.path("taskId").asText());
        assertThat(app.getJson("/api/tasks/" + json.path("taskId").asText()).path("channel").asText()).isEqualTo("KAFKA");
    }

    @Test
    void malformedRecordLandsOnTheDeadLetterTopicWithTheReason() throws Exception {
        String key = "bad-" + UUID.randomUUID();
        publish("kortana.tasks", key, "{\"goal\":\"\",\"unexpected\":true}");

        ConsumerRecord<String, String> dead = awaitRecord("kortana.tasks.dlq", key);

        assertThat(dead.value()).isEqualTo("{\"goal\":\"\",\"unexpected\":true}");
        assertThat(header(dead, "kortana-error")).contains("/goal").contains("/unexpected");
        assertThat(header(dead, "kortana-error-fields")).isEqualTo("/goal,/unexpected");
        assertThat(header(dead, "kortana-error-fixes")).contains("/goal: ").contains("/unexpected: remove /unexpected");

        String goodKey = "after-bad-" + UUID.randomUUID();
        publish("kortana.tasks", goodKey, "{\"goal\":\"summarize after a bad record\"}");
        assertThat(awaitRecord("kortana.outcomes", goodKey).value()).contains("COMPLETED");
    }

    @Test
    void tombstonesAndNulCharactersAreDeadLetteredWithoutStoppingTheConsumer() throws Exception {
        String tombstone = "tombstone-" + UUID.randomUUID();
        String nul = "nul-" + UUID.randomUUID();
        String good = "after-poison-" + UUID.randomUUID();
        publish("kortana.tasks", tombstone, null);
        publish("kortana.tasks", nul, "{\"goal\":\"summarize a\\u0000b\"}");
        publish("kortana.tasks", good, "{\"goal\":\"summarize after poison records\"}");

        assertThat(header(awaitRecord("kortana.tasks.dlq", tombstone), "kortana-error")).contains("empty");
        assertThat(header(awaitRecord("kortana.tasks.dlq", nul), "kortana-error")).contains("/goal").contains("NUL");
        assertThat(awaitRecord("kortana.outcomes", good).value()).contains("COMPLETED");
    }

    @Test
    void aRecordThatIsNotUtf8IsDeadLetteredByteForByte() throws Exception {
        String key = "not-utf8-" + UUID.randomUUID();
        byte[] value = {'{', '"', 'g', 'o', 'a', 'l', '"', ':', '"', (byte) 0xc0, (byte) 0xae, (byte) 0xff, '"', '}'};
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("kortana.tasks", key, value)).get();
        }

        ConsumerRecord<String, String> dead = awaitRecord("kortana.tasks.dlq", key);

        assertThat(dead.value().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(value);
        assertThat(header(dead, "kortana-error")).contains("not valid UTF-8");
    }

    @Test
    void aKafkaToolPublishesOnlyToItsTopicsWithTheIdempotencyKey() throws Exception {
        HttpResponse<String> registered = app.post("/api/tools", "application/json", "{\"name\":\"orders.publish\",\"kind\":\"kafka\","
                + "\"description\":\"Ask the order service for an order\",\"topics\":[\"orders.requests\"],\"safety\":[\"writes-data\"]}", Map.of());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String sku = "sku-" + UUID.randomUUID();

        JsonNode sent = app.awaitTerminal(submit("{\"tool\":\"orders.publish\",\"args\":{\"key\":\"" + sku + "\",\"value\":{\"sku\":\"" + sku + "\"}}}"));
        JsonNode refused = app.awaitTerminal(submit("{\"tool\":\"orders.publish\",\"args\":{\"topic\":\"kortana.outcomes\",\"value\":\"x\"}}"));

        assertThat(sent.path("status").asText()).as(sent.toString()).isEqualTo("COMPLETED");
        ConsumerRecord<String, String> record = awaitRecord("orders.requests", sku);
        assertThat(Json.MAPPER.readTree(record.value()).path("sku").asText()).isEqualTo(sku);
        assertThat(header(record, "Idempotency-Key")).isEqualTo(sent.path("toolCalls").get(0).path("key").asText());
        assertThat(refused.path("status").asText()).isEqualTo("FAILED");
        assertThat(refused.path("reason").asText()).contains("'kortana.outcomes' is not one of the topics of orders.publish");
    }

    private static String submit(String step) throws Exception {
        HttpResponse<String> response = app.postJson("{\"goal\":\"ask for an order\",\"plan\":[" + step + "]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body()).path("taskId").asText();
    }

    private static void publish(String topic, String key, String value) throws Exception {
        broker.publish(topic, key, value);
    }

    private static ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        return broker.awaitRecord(topic, key);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return KafkaBroker.header(record, name);
    }
}
