package dev.kortana.routes;

import dev.kortana.processors.store.AcceptResult;
import org.apache.camel.builder.RouteBuilder;

/**
 * The one intake every channel ends in: validate against the contract, accept durably (idempotent on the task id),
 * then queue new tasks for the pipeline. Errors go back to the calling channel route, which knows how to answer.
 */
public class IntakeRoute extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.INTAKE)
                .routeId("intake")
                .errorHandler(noErrorHandler())
                .bean("intakeProcessor")
                .filter(simple("${body.kind()} == '" + AcceptResult.Kind.CREATED + "'"))
                    .setProperty("accepted", body())
                    .setBody(simple("${body.taskId()}"))
                    .to(Endpoints.PIPELINE)
                    .setBody(exchangeProperty("accepted"))
                .end();
    }
}
