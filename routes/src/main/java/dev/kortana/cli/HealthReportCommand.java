package dev.kortana.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kortana health-report}: Kor'tana's consolidated health as one JSON document, for cron or a CI pipeline:
 * readiness, every instance's heartbeats and the open alerts, and the last day's autonomy figures. To stdout, a file,
 * a webhook (POST) or a Kafka topic. Exit 0 when ready with no open alert, 1 otherwise, 2 when it cannot be asked.
 */
@Command(name = "health-report", mixinStandardHelpOptions = true,
        description = "Print (or write, POST, publish) Kor'tana's health as JSON: readiness, heartbeats and alerts, autonomy over"
                + " the last day. Exit 0 when ready with no open alert, 1 otherwise, 2 when Kor'tana does not answer.")
final class HealthReportCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "FILE", description = "write the report to this file (replaced atomically)")
    Path out;

    @Option(names = "--webhook", paramLabel = "URL", description = "POST the report (application/json) to this URL")
    URI webhook;

    @Option(names = "--kafka-brokers", paramLabel = "HOST:PORT", description = "publish the report to Kafka (with --topic)")
    String kafkaBrokers;

    @Option(names = "--topic", defaultValue = "kortana.health", description = "the Kafka topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--window", defaultValue = "24h", description = "the autonomy figures' window (default: ${DEFAULT-VALUE})")
    String window;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            return report();
        } catch (java.io.IOException | java.util.concurrent.ExecutionException e) {
            spec.commandLine().getErr().println("health-report could not finish: " + e.getMessage());
            return 2;
        }
    }

    private int report() throws Exception {
        ApiClient api = address.client();
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("url", address.base()).put("at", Instant.now().toString());
        HttpResponse<String> ready;
        try {
            ready = api.get("/observe/health/ready");
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        report.put("ready", ready.statusCode() == 200);
        report.set("readiness", body(ready));
        HttpResponse<String> heartbeats = api.get("/api/heartbeats");
        report.set("heartbeats", heartbeats.statusCode() == 200 ? body(heartbeats)
                : Json.MAPPER.createObjectNode().put("unavailable", "GET /api/heartbeats answered " + heartbeats.statusCode()
                        + (heartbeats.statusCode() == 403 ? ": it needs an admin key" : "")));
        HttpResponse<String> autonomy = api.get("/api/metrics/autonomy?window=" + window);
        report.set("autonomy", autonomy.statusCode() == 200 ? body(autonomy)
                : Json.MAPPER.createObjectNode().put("unavailable", "GET /api/metrics/autonomy answered " + autonomy.statusCode()));
        int alerts = report.path("heartbeats").path("alerts").size();
        // Alerts that cannot be seen (a key without the admin role) are not taken for none.
        boolean healthy = report.path("ready").asBoolean() && heartbeats.statusCode() == 200 && alerts == 0;
        report.put("healthy", healthy);
        String json = report.toPrettyString();
        if (out != null) {
            Path temp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".tmp");
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            Files.move(temp, out.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        if (webhook != null) {
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(webhook)
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (posted.statusCode() / 100 != 2) {
                // Only where it went: a webhook's path often is its secret.
                spec.commandLine().getErr().println("the webhook at " + webhook.getScheme() + "://" + webhook.getHost()
                        + " answered " + posted.statusCode());
                return 2;
            }
        }
        if (kafkaBrokers != null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBrokers);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                producer.send(new ProducerRecord<>(topic, address.base(), report.toString())).get();
            }
        }
        if (out == null && webhook == null && kafkaBrokers == null) {
            spec.commandLine().getOut().println(json);
            spec.commandLine().getOut().flush();
        }
        return healthy ? 0 : 1;
    }

    private static JsonNode body(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(response.body());
        }
    }
}
