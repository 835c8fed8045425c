package dev.kortana.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;

/** A real single-node Kafka broker (KRaft, no ZooKeeper, no Docker) running inside the test JVM, and a client of it. */
final class KafkaBroker implements AutoCloseable {

    private final Properties config;
    private final String bootstrap;
    private KafkaRaftServer server;

    private KafkaBroker(Properties config, KafkaRaftServer server, String bootstrap) {
        this.config = config;
        this.server = server;
        this.bootstrap = bootstrap;
    }

    static KafkaBroker start(Path dir) throws IOException {
        Files.createDirectories(dir);
        int brokerPort = Ports.free();
        int controllerPort = Ports.free();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        Path config = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "kortana test broker");
        }
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(java.io.OutputStream.nullOutputStream()));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed with exit code " + rc);
        }
        return new KafkaBroker(p, serve(p), "127.0.0.1:" + brokerPort);
    }

    private static KafkaRaftServer serve(Properties config) {
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        server.startup();
        return server;
    }

    /** Stops the broker and starts it again on the same ports and logs, as after a broker restart. */
    void restart(java.time.Duration down) throws InterruptedException {
        server.shutdown();
        server.awaitShutdown();
        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(down.toMillis()); // how long the broker stays away
        server = serve(config);
    }

    String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    void publish(String topic, String key, String value) throws Exception {
        publish(topic, key, value, java.util.Map.of());
    }

    /** Sends one record with these headers (UTF-8) and waits for the broker's acknowledgement. */
    void publish(String topic, String key, String value, java.util.Map<String, String> headers) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, text) -> record.headers().add(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
    }

    /** The first record on {@code topic} with this key, waited for up to a minute (a DLQ's value read byte for byte). */
    ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(topic)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    /** The keys of every record on {@code topic} so far (read until a poll brings nothing more; at least one must be there). */
    List<String> keys(String topic) {
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(topic)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                var records = consumer.poll(Duration.ofSeconds(1));
                records.forEach(r -> keys.add(r.key()));
                return records.isEmpty() && !keys.isEmpty();
            });
        }
        return keys;
    }

    /** A header's value as text, or null. */
    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    KafkaConsumer<String, String> consumer(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        if (topic.endsWith(".dlq")) {
            p.put("value.deserializer.encoding", "ISO-8859-1"); // every byte as one char, so the test sees the bytes sent
        }
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
