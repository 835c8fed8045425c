package dev.kortana.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scale-out load: {@code perChannel} tasks on each of Kafka, HTTP and the shared inbox, one of each every
 * {@code tick}, so that tasks keep arriving while instances are killed. Each task places one order with a tool that
 * honours idempotency keys, on its own path ({@code /keyed/<task id>}), so the tool server counts effects per task.
 * HTTP tasks go to the instances in turn; a refused or failed submission is sent again, same id and body, to the next
 * one until one answers 200 or 202, as a client behind a load balancer would.
 */
final class ScaleOutLoad implements AutoCloseable {

    private static final int TENANTS = 12;
    private static final List<String> WORDS = List.of("amber", "basil", "cedar", "delta", "ember", "fjord", "garnet", "harbor",
            "indigo", "juniper", "kelp", "lumen", "maple", "nectar", "onyx", "pepper", "quartz", "raven", "saffron", "tundra",
            "umber", "velvet", "willow", "xenon", "yarrow", "zephyr", "anvil", "birch", "cobalt", "dune", "elm");

    private final CountingToolServer tool;
    private final KafkaProducer<String, String> producer;
    private final Path inbox;
    private final List<Integer> ports;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService clients = Executors.newFixedThreadPool(4);
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger submissions = new AtomicInteger();
    private final AtomicInteger resent = new AtomicInteger();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final List<Future<?>> pending = new ArrayList<>();

    ScaleOutLoad(CountingToolServer tool, String brokers, Path inbox, List<Integer> ports) {
        this.tool = tool;
        this.inbox = inbox;
        this.ports = List.copyOf(ports);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    /**
     * The task {@code id}: one order on its own path of the tool, for one of {@value #TENANTS} tenants. Goals differ in
     * their words, as real traffic does: the same goal 3,000 times would make every task update one memory row. The
     * tenants spread the episode recorder's lock (one writer per tenant across all instances), which otherwise bounds
     * how fast the cluster ends one tenant's tasks.
     */
    String task(String id) {
        int n = id.hashCode();
        String goal = "place order " + id + " of " + WORDS.get(Math.floorMod(n, WORDS.size())) + " "
                + WORDS.get(Math.floorMod(n / 31, WORDS.size())) + " " + WORDS.get(Math.floorMod(n / 961, WORDS.size()));
        return "{\"id\":\"" + id + "\",\"tenant\":\"shop-" + Math.floorMod(n, TENANTS) + "\",\"goal\":\"" + goal + "\","
                + "\"plan\":[{\"tool\":\"orders.keyed\",\"args\":"
                + "{\"method\":\"POST\",\"url\":\"" + tool.url(path(id)) + "\",\"body\":{\"order\":\"" + id + "\"}}}]}";
    }

    static String path(String id) {
        return "/keyed/" + id;
    }

    /** Starts sending: every {@code tick} one task on each channel, {@code perChannel} of each. */
    void start(int perChannel, Duration tick) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = ticks.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= perChannel) {
                self[0].cancel(false);
                return;
            }
            synchronized (pending) {
                acks.add(producer.send(new ProducerRecord<>("kortana.tasks", "kafka-" + i, task("kafka-" + i))));
                pending.add(clients.submit(() -> submitUntilAccepted("http-" + i)));
            }
            drop("file-" + i);
        }, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (pending) {
            pending.add(clients.submit(() -> {
                while (!self[0].isDone()) {
                    TimeUnit.MILLISECONDS.sleep(100); // the sender's own pace: it ends when its last tick has run
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(1, TimeUnit.MINUTES); // acknowledged by the broker: from here on Kor'tana owes a task
                }
                return null;
            }));
        }
    }

    /** Waits until every task was sent, acknowledged by the broker, accepted over HTTP or written to the inbox. */
    void awaitSent(Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            List<Future<?>> now;
            synchronized (pending) {
                now = List.copyOf(pending);
            }
            for (Future<?> f : now) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            synchronized (pending) {
                if (pending.size() == now.size()) {
                    return;
                }
            }
        }
    }

    /** HTTP tasks some instance answered 200 or 202 for. */
    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    /** HTTP submissions sent again after a refused connection, a lost answer or a 5xx. */
    int resent() {
        return resent.get();
    }

    private Void submitUntilAccepted(String id) throws Exception {
        byte[] body = task(id).getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            int port = ports.get(Math.floorMod(submissions.getAndIncrement(), ports.size()));
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tasks"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 || answer.statusCode() == 202) {
                    JsonNode view = Json.MAPPER.readTree(answer.body());
                    accepted.add(view.path("taskId").asText());
                    return null;
                }
                // a stopping instance answers 503: any other answer to a good task is wrong
                if (answer.statusCode() < 500) {
                    throw new AssertionError("answer to a good task " + id + ": " + answer.statusCode() + " " + answer.body());
                }
            } catch (IOException e) {
                // refused, reset or timed out: that instance is down; the task may or may not be stored there
            }
            resent.incrementAndGet();
        }
        throw new AssertionError("no instance accepted " + id + " in 3 minutes");
    }

    /** Writes a task file the careful way: under a hidden name, then renamed into the inbox. */
    private void drop(String id) {
        try {
            Path hidden = Files.writeString(inbox.resolve("." + id + ".json.part"), task(id));
            Files.move(hidden, inbox.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        clients.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
