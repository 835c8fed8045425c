package dev.kortana.routes.ingest;

import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.intake.TaskIds;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.Settings;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Kafka channel, on when {@code kortana.kafka.brokers} is set. Offsets are committed only after the task is stored
 * (or the record is dead-lettered); when the store is down the consumer stops at the record and tries it again.
 * Outcomes go to the outcomes topic under the input record's key ({@code PublishRoute}).
 */
public class KafkaIngestRoute extends RouteBuilder {

    @Override
    public void configure() {
        if (!Settings.kafkaEnabled(getContext())) {
            return;
        }

        onException(ContractViolation.class)
                .handled(true)
                .useOriginalMessage()
                .removeHeaders("Kortana*")
                .setHeader(Headers.KAFKA_ERROR, simple("${exception.message}"))
                .setHeader(Headers.KAFKA_ERROR_FIELDS, method(KafkaIngestRoute.class, "errorFields"))
                .setHeader(Headers.KAFKA_ERROR_FIXES, method(KafkaIngestRoute.class, "errorFixes"))
                // synchronous: the commit below must run on the consumer's thread, KafkaConsumer is not thread-safe
                // bytes as received: a String serializer would turn malformed UTF-8 into U+FFFD and dead-letter another record
                .to("kafka:{{kortana.kafka.dlq-topic}}?brokers={{kortana.kafka.brokers}}&synchronous=true"
                        + "&valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer")
                .process(KafkaIngestRoute::commit)
                .log(LoggingLevel.WARN, "Dead-lettered record ${header.kafka.TOPIC}-${header.kafka.PARTITION}@${header.kafka.OFFSET}:"
                        + " ${exception.message}");

        from("kafka:{{kortana.kafka.tasks-topic}}?brokers={{kortana.kafka.brokers}}&groupId={{kortana.kafka.group-id}}"
                        + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                        + "&pollTimeoutMs=500"
                        + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                        + "&headerDeserializer=#class:" + TraceHeaderDeserializer.class.getName())
                .routeId("ingest-kafka")
                .setHeader(Headers.CHANNEL, constant("KAFKA"))
                .setHeader(Headers.SOURCE_REF, simple("${header.kafka.TOPIC}-${header.kafka.PARTITION}@${header.kafka.OFFSET}"))
                .setHeader(Headers.REPLY_KEY, header(KafkaConstants.KEY))
                .setHeader(Headers.FALLBACK_ID, method(KafkaIngestRoute.class, "fallbackId"))
                .to(Endpoints.INTAKE)
                .process(KafkaIngestRoute::commit);
    }

    /** A record redelivered after a crash is the same record, hence the same task. */
    public static String fallbackId(Exchange exchange) {
        var in = exchange.getMessage();
        byte[] value = in.getBody(byte[].class);
        return TaskIds.forRecord(in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class), in.getHeader(KafkaConstants.OFFSET, Long.class),
                in.getHeader(KafkaConstants.TIMESTAMP, 0L, Long.class), value == null ? new byte[0] : value);
    }

    public static String errorFields(Exchange exchange) {
        ContractViolation violation = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ContractViolation.class);
        return violation.problems().stream().map(FieldProblem::field).distinct().collect(Collectors.joining(","));
    }

    /** How to fix each problem, as {@code /field: fix} joined by "; ", the same words an HTTP caller gets. */
    public static String errorFixes(Exchange exchange) {
        ContractViolation violation = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ContractViolation.class);
        return violation.problems().stream().map(p -> p.field() + ": " + p.fix()).collect(Collectors.joining("; "));
    }

    private static void commit(Exchange exchange) {
        KafkaManualCommit manual = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (manual != null) {
            manual.commit();
        }
    }
}
