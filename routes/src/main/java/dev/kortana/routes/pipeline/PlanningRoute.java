package dev.kortana.routes.pipeline;

import org.apache.camel.builder.RouteBuilder;

/** Keeps planning's history bounded: on a timer, old tool-metric hours and stale or surplus episodes are deleted. */
public class PlanningRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:planning-prune?period={{kortana.planning.prune-ms}}&delay={{kortana.planning.prune-ms}}")
                .routeId("planning-prune")
                .bean("planningPrune", "prune");
    }
}
