package dev.kortana.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.fuzz.AsSent;
import dev.kortana.fuzz.FuzzCase;
import dev.kortana.fuzz.FuzzTally;
import dev.kortana.fuzz.FuzzTally.Verdict;
import dev.kortana.fuzz.HostileTasks;
import dev.kortana.processors.intake.TaskIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka channel of the fuzz run: every case published by one producer under its own key; once the service has
 * committed past the last one, each is judged: a task under the id the record maps to, or a dead letter naming fields.
 */
final class FuzzKafka {

    static final String CHANNEL = "kafka";
    static final String TASKS = "kortana.tasks";
    static final String DLQ = "kortana.tasks.dlq";
    static final String GROUP = "kortana";

    private final String bootstrap;
    private final FuzzReadback readback;
    private final FuzzTally tally;
    private final Queue<FuzzReadback.Accepted> accepted;

    FuzzKafka(String bootstrap, FuzzReadback readback, FuzzTally tally, Queue<FuzzReadback.Accepted> accepted) {
        this.bootstrap = bootstrap;
        this.readback = readback;
        this.tally = tally;
        this.accepted = accepted;
    }

    void run(long seed, int cases, int maxBody) throws Exception {
        HostileTasks generator = new HostileTasks(seed, "fz-kafka", maxBody, false);
        Map<String, FuzzCase> byKey = new HashMap<>();
        Map<String, RecordMetadata> where = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings())) {
            Map<String, java.util.concurrent.Future<RecordMetadata>> sent = new HashMap<>();
            for (int i = 0; i < cases; i++) {
                FuzzCase c = generator.next();
                String key = "fz-" + c.number();
                byKey.put(key, c);
                sent.put(key, producer.send(new ProducerRecord<>(TASKS, key, c.body())));
            }
            producer.flush();
            for (Map.Entry<String, java.util.concurrent.Future<RecordMetadata>> s : sent.entrySet()) {
                where.put(s.getKey(), s.getValue().get());
            }
        }
        awaitCommittedToTheEnd(Duration.ofMinutes(5));
        Map<String, ConsumerRecord<String, byte[]>> deadLetters = deadLetters();
        for (Map.Entry<String, FuzzCase> e : byKey.entrySet()) {
            judge(e.getValue(), where.get(e.getKey()), deadLetters.get(e.getKey()));
        }
    }

    private void judge(FuzzCase c, RecordMetadata at, ConsumerRecord<String, byte[]> deadLetter) throws Exception {
        String taskId = taskId(c, at);
        boolean stored;
        try {
            stored = readback.view(taskId).has("status");
        } catch (java.io.IOException e) {
            tally.record(CHANNEL, c, Verdict.SERVER_ERROR, e.getMessage());
            return;
        }
        if (stored && deadLetter != null) {
            tally.record(CHANNEL, c, Verdict.SERVER_ERROR, "both a task " + taskId + " and a dead letter");
        } else if (stored) {
            if (c.expect() == FuzzCase.Expect.REJECT) {
                tally.record(CHANNEL, c, Verdict.JUNK_ACCEPTED, "task " + taskId);
            } else {
                accepted.add(new FuzzReadback.Accepted(CHANNEL, c, taskId));
            }
        } else if (deadLetter == null) {
            tally.record(CHANNEL, c, Verdict.SERVER_ERROR, "neither a task nor a dead letter (offset " + at.offset() + ")");
        } else if (header(deadLetter, "kortana-error-fields").isEmpty()
                || !java.util.Arrays.equals(deadLetter.value() == null ? new byte[0] : deadLetter.value(), c.body())) {
            tally.record(CHANNEL, c, Verdict.UNCLEAR_PROBLEM, "dead letter without fields or not the record sent: "
                    + header(deadLetter, "kortana-error"));
        } else {
            tally.record(CHANNEL, c, c.expect() == FuzzCase.Expect.ACCEPT ? Verdict.GOOD_LOST : Verdict.CLEAR_PROBLEM,
                    header(deadLetter, "kortana-error"));
        }
    }

    /** The id in the body when it has one, else the one the Kafka channel derives from the record's coordinates. */
    private static String taskId(FuzzCase c, RecordMetadata at) {
        JsonNode sent = AsSent.read(c.body());
        if (sent != null && sent.path("id").isTextual()) {
            return sent.path("id").asText();
        }
        return TaskIds.forRecord(TASKS, at.partition(), at.offset(), at.timestamp(), c.body());
    }

    /** The service commits a record's offset only once it is stored or dead-lettered: then every case has its fate. */
    private void awaitCommittedToTheEnd(Duration atMost) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().stream().filter(tp -> tp.topic().equals(TASKS)).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                if (latest.isEmpty()) {
                    return false;
                }
                var ends = admin.listOffsets(latest).all().get();
                return latest.keySet().stream().allMatch(tp -> committed.get(tp).offset() >= ends.get(tp).offset());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // judged case by case: records not handled have neither a task nor a dead letter
        }
    }

    /** Every dead letter by key, read from the beginning to the end of the topic. */
    private Map<String, ConsumerRecord<String, byte[]>> deadLetters() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "fuzz-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(DLQ).stream()
                    .map(i -> new TopicPartition(DLQ, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (found.putIfAbsent(r.key(), r) != null) {
                        tally.noteRepeat();
                    }
                });
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return found;
    }

    private Properties producerSettings() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
