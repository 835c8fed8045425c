package dev.kortana.routes.observe;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** This instance's heartbeat every {@code kortana.heartbeat.interval-ms} (bean {@code heartbeats}). */
public class HeartbeatRoute extends RouteBuilder {

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.WARN, "${routeId} failed, will beat again next period: ${exception.message}");

        from("timer:heartbeat?period={{kortana.heartbeat.interval-ms}}")
                .routeId("heartbeat")
                .bean("heartbeats", "beat");
    }
}
