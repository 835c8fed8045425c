package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trace per task, across the hops that break traces elsewhere: a task sent over Kafka with a {@code traceparent}
 * runs, parks for a human's approval (its run ends), and is resumed by an approval that arrives over HTTP in a trace of
 * its own; every span about the task (Camel's Kafka and intake spans, both runs, every stage, the tool call) is in the
 * caller's trace, the tool's HTTP request and the outcome record carry it on, and every log line about the task carries
 * the trace id. Checked with the SDK's in-memory exporter.
 */
class TracingIT {

    private static final AttributeKey<String> TASK = AttributeKey.stringKey("kortana.task.id");

    @TempDir
    static Path dir;

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    static KafkaBroker broker;
    static OrderShop orders;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        orders = new OrderShop(dir.resolve("data"), """
                version: tracing-it
                rules:
                  - id: irreversible-needs-approval
                    when: { tool: { safety: [irreversible] } }
                    effect: ESCALATE
                    reason: irreversible tools need a human approval
                """, Map.of("kortana.kafka.brokers", broker.bootstrap()), Map.of("testOpenTelemetry", otel), "orders.place");
    }

    @AfterAll
    static void stop() throws Exception {
        if (orders != null) {
            orders.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aKafkaTaskParkedForApprovalAndResumedOverHttpIsOneTraceFromTheCallersTraceparent() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = "00f067aa0ba902b7";
        String id = "traced-" + UUID.randomUUID();
        String task = "{\"id\":\"" + id + "\",\"goal\":\"place an order\",\"plan\":[{\"tool\":\"orders.place\",\"args\":"
                + "{\"method\":\"POST\",\"url\":\"" + orders.shop.url("/orders/traced") + "\",\"body\":{\"sku\":\"A-1\"}}}]}";
        try (CapturedLogs logs = new CapturedLogs()) {
            broker.publish("kortana.tasks", id, task, Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
            await().atMost(Duration.ofSeconds(30)).until(() -> orders.app.get("/api/tasks/" + id).statusCode() == 200
                    && "AWAITING_APPROVAL".equals(orders.app.getJson("/api/tasks/" + id).path("status").asText()));
            // The approval comes over HTTP in another trace: the resumed run stays in the task's.
            HttpResponse<String> approved = orders.app.post("/api/approvals/" + id, "application/json",
                    "{\"decision\":\"approve\",\"reviewer\":\"alice\"}",
                    Map.of("traceparent", "00-" + "ab".repeat(16) + "-" + "cd".repeat(8) + "-01"));
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            assertThat(orders.app.awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");
            assertThat(orders.app.getJson("/api/tasks/" + id).path("traceId").asText()).as("where to look it up").isEqualTo(traceId);
            ConsumerRecord<String, String> outcome = broker.awaitRecord("kortana.outcomes", id);

            // Spans end asynchronously to the API's answer (the run ends after publish): wait for the last one.
            await().atMost(Duration.ofSeconds(10)).until(() -> ours(id).stream().filter(s -> s.getName().equals("kortana.run"))
                    .count() == 2);
            // Every span about the task (the runs, the tool call) is in the caller's trace.
            List<SpanData> about = ours(id);
            assertThat(about).extracting(SpanData::getName).contains("kortana.run", "execute_tool orders.place");
            assertThat(about).allSatisfy(s -> assertThat(s.getTraceId()).as(s.getName()).isEqualTo(traceId));
            SpanData tool = about.stream().filter(s -> s.getName().equals("execute_tool orders.place")).findFirst().orElseThrow();
            assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("execute_tool");
            assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("orders.place");

            List<SpanData> trace = SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            System.out.println("TRACE | " + trace.stream().map(s -> s.getName() + "<" + s.getParentSpanId()).toList());
            assertThat(trace).extracting(SpanData::getName).contains("intake", "kortana.run", "kortana.plan", "kortana.policy",
                    "kortana.execute", "execute_tool orders.place", "kortana.validate", "kortana.memory", "kortana.reflect",
                    "kortana.publish");
            // The model call's own route and provider spans are in it too (a new exchange does not start a new trace).
            assertThat(trace).extracting(SpanData::getName).anyMatch(n -> n.startsWith("model-"));
            assertThat(SPANS.getFinishedSpanItems()).filteredOn(s -> s.getName().startsWith("model-"))
                    .allSatisfy(s -> assertThat(s.getTraceId()).as("%s outside the task's trace", s.getName()).isEqualTo(traceId));
            // The first span of the trace is Camel's Kafka consumer's, a child of the caller's span.
            assertThat(trace).anySatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(callerSpan));
            // No span of the trace is orphaned: each has its parent in the trace, or is the caller's child.
            List<String> spanIds = trace.stream().map(SpanData::getSpanId).toList();
            assertThat(trace).allSatisfy(s -> assertThat(spanIds.contains(s.getParentSpanId())
                    || s.getParentSpanId().equals(callerSpan)).as("parent of %s", s.getName()).isTrue());
            // The approval's request is a trace of its own, not the task's.
            assertThat(SPANS.getFinishedSpanItems()).anySatisfy(s -> assertThat(s.getTraceId()).isEqualTo("ab".repeat(16)));

            // Carried on: to the tool's HTTP request and on the outcome record.
            assertThat(orders.shop.traceParents()).anySatisfy(tp -> assertThat(tp).startsWith("00-" + traceId + "-"));
            String sent = KafkaBroker.header(outcome, "traceparent");
            assertThat(sent).startsWith("00-" + traceId + "-");
            // Every log line about the task carries its trace id.
            List<ILoggingEvent> lines = logs.events().stream()
                    .filter(e -> id.equals(e.getMDCPropertyMap().get("KortanaTaskId"))).toList();
            assertThat(lines).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap().get("KortanaTraceId")).as(e.getFormattedMessage()).isEqualTo(traceId));
        }
    }

    /** The finished spans that name the task (runs, model and tool calls). */
    private static List<SpanData> ours(String taskId) {
        return SPANS.getFinishedSpanItems().stream().filter(s -> taskId.equals(s.getAttributes().get(TASK))).toList();
    }

}
