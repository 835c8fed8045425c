package dev.kortana.routes.api;

import org.apache.camel.builder.RouteBuilder;

/** Autonomy metrics over HTTP (bean {@code autonomyApi}), for any key, within its tenant. Errors are problem+json. */
public class MetricsApiRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid request", "the metrics cannot be computed right now; try again shortly");

        from("platform-http:/api/metrics/autonomy?httpMethodRestrict=GET")
                .routeId("api-autonomy-metrics")
                .process(ApiGuard.anyKey())
                .bean("autonomyApi", "autonomy");
    }
}
