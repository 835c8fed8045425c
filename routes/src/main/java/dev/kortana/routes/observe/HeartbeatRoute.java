package dev.kortana.routes.observe;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * This instance's heartbeat every {@code kortana.heartbeat.interval-ms} (bean {@code heartbeats}); with Kafka on, the
 * alerts it opened or cleared go to {@code kortana.kafka.alerts-topic}.
 */
public class HeartbeatRoute extends RouteBuilder {

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.WARN, "${routeId} failed, will beat again next period: ${exception.message}");

        var beat = from("timer:heartbeat?period={{kortana.heartbeat.interval-ms}}")
                .routeId("heartbeat")
                .bean("heartbeats", "beat")
                .setBody(method("heartbeats", "drainChanges")); // with Kafka off they go no further
        if (dev.kortana.routes.Settings.kafkaEnabled(getContext())) {
            beat.filter(simple("${body.isEmpty()} == false"))
                    .to("seda:kortana-alerts?size=1000&discardWhenFull=true") // EventRelayRoute: kortana.alerts
                .end();
        }
    }
}
