package dev.kortana.routes.observe;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * What Kor'tana polls so that a scrape or a heartbeat never waits: the counts of what waits in the shared store
 * (approvals, dead letters, memories; bean {@code storeCounts}) every {@code kortana.metrics.counts-ms}, and the health
 * checks of the tools that declare one (bean {@code toolHealth}) every {@code kortana.tools.health-check-ms}.
 */
public class PollingRoute extends RouteBuilder {

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.DEBUG, "${routeId} failed, the last results stay: ${exception.message}");

        from("timer:store-counts?period={{kortana.metrics.counts-ms}}")
                .routeId("store-counts")
                .bean("storeCounts", "refresh");

        from("timer:tool-health?period={{kortana.tools.health-check-ms}}")
                .routeId("tool-health")
                .bean("toolHealth", "checkAll");
    }
}
