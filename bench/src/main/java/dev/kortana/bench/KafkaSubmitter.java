package dev.kortana.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Tasks as records on {@code kortana.tasks}, each with an id of its own so that its completion can be watched over the
 * HTTP API. A send returns once the broker has the record (acks=all): the Kafka channel's "accepted".
 */
final class KafkaSubmitter implements TaskSubmitter, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "kortana.tasks";

    private final KafkaProducer<String, String> producer;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sent = new AtomicLong();

    KafkaSubmitter(String brokers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Override
    public TaskApiClient.Submission submit(String goal, String plan) throws IOException, InterruptedException {
        String id = "kb-" + run + "-" + sent.incrementAndGet();
        ObjectNode task = JSON.createObjectNode().put("id", id).put("goal", goal);
        if (plan != null) {
            task.set("plan", JSON.readTree(plan));
        }
        try {
            producer.send(new ProducerRecord<>(TOPIC, id, task.toString())).get();
            return new TaskApiClient.Submission(202, id);
        } catch (ExecutionException e) {
            throw new IOException("Kafka did not take the task: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
