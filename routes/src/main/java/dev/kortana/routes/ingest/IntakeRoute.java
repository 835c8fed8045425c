package dev.kortana.routes.ingest;

import dev.kortana.processors.store.AcceptResult;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;

/**
 * The one intake every channel ends in: validate against the contract, accept durably (idempotent on the task id),
 * then queue new tasks for the pipeline. Errors go back to the calling channel route, which knows how to answer.
 */
public class IntakeRoute extends RouteBuilder {

    private static final String ACCEPTED = "KortanaAccepted";

    @Override
    public void configure() {
        from(Endpoints.INTAKE)
                .routeId("intake")
                .errorHandler(noErrorHandler())
                .bean("intakeProcessor")
                .bean("taskMetrics", "accepted(${body}, ${header." + Headers.CHANNEL + "})")
                .filter(simple("${body.kind()} == '" + AcceptResult.Kind.CREATED + "'"))
                    .setProperty(ACCEPTED, body())
                    .setBody(simple("${body.key()}"))
                    .doTry()
                        // A copy goes on the queue, carrying none of the channel's completions (a plain to() would hand
                        // them over to the queued exchange): a file is moved and its claim let go once its task is stored,
                        // not once the task has run, and not never when a stop drops the queue.
                        .enrich(Endpoints.PIPELINE, AggregationStrategies.useOriginal())
                    .doCatch(Exception.class)
                        // Stored but not queued: let go, and the sweeper queues it once its lease runs out.
                        .bean("taskFinisher", "release(${body})")
                        .log(LoggingLevel.WARN, "Task ${body} is stored but could not be queued (${exception.message});"
                                + " it will be picked up when its lease runs out")
                    .end()
                    .setBody(exchangeProperty(ACCEPTED))
                .end();
    }
}
