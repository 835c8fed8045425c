package dev.kortana.routes.pipeline;

import java.time.Duration;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Times every pipeline stage ({@code kortana.stage.duration}, by stage and outcome): a route policy on the stage routes,
 * so the routes stay the EIP diagram and a stage that throws is timed as failed.
 */
public final class StageTimes extends RoutePolicySupport implements RoutePolicyFactory {

    private static final Set<String> STAGES = Set.of("pipeline-plan", "pipeline-policy", "pipeline-execute",
            "pipeline-validate", "pipeline-memory", "pipeline-reflect", "pipeline-publish");
    private static final String STARTED = "KortanaStageStarted.";

    private final TaskMetrics metrics;

    public StageTimes(TaskMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return STAGES.contains(routeId) ? this : null;
    }

    /** When a stage began, and the exception already caught then (a handled one from an earlier stage is not its own). */
    private record Began(long nanos, Object caughtBefore) {
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        exchange.setProperty(STARTED + route.getRouteId(), new Began(System.nanoTime(), exchange.getProperty(Exchange.EXCEPTION_CAUGHT)));
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        if (!(exchange.removeProperty(STARTED + route.getRouteId()) instanceof Began began)) {
            return;
        }
        boolean failed = PipelineSpans.failure(exchange, began.caughtBefore()) != null;
        metrics.stage(route.getRouteId().substring("pipeline-".length()), Duration.ofNanos(System.nanoTime() - began.nanos()), failed);
    }
}
