package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged Kor'tana exporting over OTLP/HTTP to a local receiver: a task sent over Kafka with a {@code traceparent}
 * parks for approval on one instance, that instance is killed with SIGKILL, and another instance resumes it when it is
 * approved there. Both instances' spans are one trace, the caller's: the trace lives with the task in PostgreSQL, not
 * in either process.
 */
class TraceAcrossInstancesIT {

    @TempDir
    Path dir;

    private final String schema = TestDatabase.newSchema();
    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaBroker broker;
    private OtlpReceiver receiver;
    private CountingToolServer tool;
    private Process app;
    private int port;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
        if (tool != null) {
            tool.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (broker != null) {
            broker.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aTaskParkedOnAKilledInstanceAndResumedOnAnotherIsOneTraceOverOtlp() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        receiver = new OtlpReceiver();
        tool = new CountingToolServer();
        port = Ports.free();
        Path policies = dir.resolve("policies.yaml");
        Files.writeString(policies, """
                version: traces-across-instances
                rules:
                  - id: irreversible-needs-approval
                    when: { tool: { safety: [irreversible] } }
                    effect: ESCALATE
                    reason: irreversible tools need a human approval
                """);
        app = launch("first", policies);
        HttpResponse<String> created = post("/api/tools", "{\"name\":\"orders.place\",\"kind\":\"http\","
                + "\"description\":\"Places an order; cannot be undone\",\"safety\":[\"irreversible\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = "b7ad6b7169203331";
        String id = "across-" + UUID.randomUUID();
        broker.publish("kortana.tasks", id, "{\"id\":\"" + id + "\",\"goal\":\"place an order\",\"plan\":[{\"tool\":"
                + "\"orders.place\",\"args\":{\"method\":\"POST\",\"url\":\"" + tool.url("/orders/across") + "\",\"body\":"
                + "{\"sku\":\"A-1\"}}}]}", Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "AWAITING_APPROVAL".equals(task(id).path("status").asText()));
        // What the first instance did is exported before it dies (every export-delay-ms); after, nothing more comes.
        await().atMost(Duration.ofSeconds(30)).until(() -> named(id, "kortana.run", "first") == 1);

        app.destroyForcibly();
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
        app = launch("second", policies);
        HttpResponse<String> approved = post("/api/approvals/" + id, "{\"decision\":\"approve\",\"reviewer\":\"alice\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(task(id).path("status").asText()));
        await().atMost(Duration.ofSeconds(30)).until(() -> named(id, "kortana.run", "second") == 1);

        List<OtlpReceiver.Received> trace = receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
        System.out.println("OTLP | " + trace.stream().map(s -> s.instance() + ":" + s.name()).toList());
        assertThat(receiver.contentTypes()).allSatisfy(type -> assertThat(type).isEqualTo("application/x-protobuf"));
        // Every span that names the task, from either instance, is in the caller's trace.
        assertThat(receiver.spans().stream().filter(s -> id.equals(s.attributes().get("kortana.task.id"))))
                .isNotEmpty().allSatisfy(s -> assertThat(s.traceId()).as(s.instance() + ":" + s.name()).isEqualTo(traceId));
        assertThat(trace).filteredOn(s -> s.instance().equals("first")).extracting(OtlpReceiver.Received::name)
                .contains("kortana.tasks", "intake", "kortana.run", "kortana.plan", "kortana.policy", "kortana.execute");
        assertThat(trace).filteredOn(s -> s.instance().equals("second")).extracting(OtlpReceiver.Received::name)
                .contains("kortana.run", "kortana.execute", "execute_tool orders.place", "kortana.validate", "kortana.memory",
                        "kortana.reflect", "kortana.publish");
        assertThat(trace).anySatisfy(s -> assertThat(s.parentSpanId()).isEqualTo(callerSpan));
        assertThat(tool.traceParents()).anySatisfy(tp -> assertThat(tp).startsWith("00-" + traceId + "-"));
        assertThat(tool.effects("/orders/across")).isEqualTo(1);
    }

    /** How many spans called {@code name} that name the task {@code instance} has exported. */
    private long named(String taskId, String name, String instance) {
        return receiver.spans().stream().filter(s -> s.name().equals(name) && s.instance().equals(instance)
                && taskId.equals(s.attributes().get("kortana.task.id"))).count();
    }

    private Process launch(String node, Path policies) throws Exception {
        return PackagedKortana.launch(dir, port, node, List.of(
                "kortana.node-id = " + node,
                "kortana.db.url = " + TestDatabase.url(),
                "kortana.db.schema = " + schema,
                "kortana.kafka.brokers = " + broker.bootstrap(),
                "kortana.policy.file = " + policies,
                "kortana.tools.http.allowed-hosts = 127.0.0.1:" + tool.port(),
                "kortana.tracing.enabled = true",
                "kortana.tracing.otlp-endpoint = " + receiver.endpoint(),
                "kortana.tracing.export-delay-ms = 200"));
    }

    private JsonNode task(String id) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/api/tasks/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? Json.MAPPER.readTree(answer.body()) : Json.MAPPER.createObjectNode();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
