package dev.kortana.routes.observe;

import dev.kortana.routes.Settings;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * With Kafka on: task events to {@code kortana.kafka.events-topic} (bean {@code eventRelay}), keyed by
 * {@code tenant/taskId}, with the event number in {@code kortana-seq}; the mark moves on only once the broker has them.
 * Heartbeat alerts, as they open and clear, to {@code kortana.kafka.alerts-topic}.
 */
public class EventRelayRoute extends RouteBuilder {

    static final String SEQ_HEADER = "kortana-seq";

    @Override
    public void configure() {
        if (!Settings.kafkaEnabled(getContext())) {
            return;
        }
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.WARN, "${routeId} failed; the same events are sent again next period: ${exception.message}");

        from("timer:event-relay?period={{kortana.events.relay-ms}}")
                .routeId("event-relay")
                .setBody(method("eventRelay", "next"))
                .filter(simple("${body.isEmpty()} == false"))
                    .setProperty("upTo", simple("${body.upTo()}"))
                    .split(simple("${body.records()}")).stopOnException()
                        .setHeader(KafkaConstants.KEY, simple("${body.key()}"))
                        .setHeader(SEQ_HEADER, simple("${body.seq()}", String.class))
                        .setBody(simple("${body.json()}"))
                        // Bounded waits, well inside the relay's lease, so a broker that is away does not pass the lease around.
                        .to("kafka:{{kortana.kafka.events-topic}}?brokers={{kortana.kafka.brokers}}&synchronous=true"
                                + "&maxBlockMs=5000&requestTimeoutMs=5000&deliveryTimeoutMs=10000")
                    .end()
                    .bean("eventRelay", "advance(${exchangeProperty.upTo})")
                .end();

        // Off the heartbeat's thread (a broker that is away must not delay the beat), at most once: an alert change the
        // broker does not take in two seconds is dropped; the heartbeats table and the log still have it.
        from("seda:kortana-alerts?size=1000&discardWhenFull=true")
                .routeId("alerts-to-kafka")
                .split(body())
                    .setHeader(KafkaConstants.KEY, simple("${body.key()}"))
                    .setBody(simple("${body.json()}"))
                    .to("kafka:{{kortana.kafka.alerts-topic}}?brokers={{kortana.kafka.brokers}}&maxBlockMs=2000")
                .end();
    }
}
