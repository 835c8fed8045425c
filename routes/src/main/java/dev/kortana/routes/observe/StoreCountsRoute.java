package dev.kortana.routes.observe;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Counts what waits in the shared store (approvals, dead letters, memories) every {@code kortana.metrics.counts-ms}
 * for the gauges on {@code /observe/metrics} (bean {@code storeCounts}); a scrape never waits for the database.
 */
public class StoreCountsRoute extends RouteBuilder {

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.DEBUG, "${routeId} failed, the gauges keep their last counts: ${exception.message}");

        from("timer:store-counts?period={{kortana.metrics.counts-ms}}")
                .routeId("store-counts")
                .bean("storeCounts", "refresh");
    }
}
