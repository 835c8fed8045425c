package dev.kortana.routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Content-based router for model calls: the selector names a provider, {@code choice()} sends the request to that
 * provider's route. Errors go back to the caller (the stage that asked), whose retry policy applies.
 */
public class ModelRouterRoute extends RouteBuilder {

    @Override
    public void configure() {
        from(Endpoints.MODEL)
                .routeId("model-router")
                .errorHandler(noErrorHandler())
                .setHeader(Headers.MODEL_PROVIDER, method("modelSelector", "select"))
                .choice()
                    .when(header(Headers.MODEL_PROVIDER).isEqualTo("offline"))
                        .to(Endpoints.MODEL_OFFLINE)
                    .otherwise()
                        .throwException(IllegalStateException.class, "no route for model provider ${header."
                                + Headers.MODEL_PROVIDER + "}")
                .end();

        from(Endpoints.MODEL_OFFLINE)
                .routeId("model-offline")
                .errorHandler(noErrorHandler())
                .bean("offlineModel", "answer");
    }
}
