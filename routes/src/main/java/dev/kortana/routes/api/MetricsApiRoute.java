package dev.kortana.routes.api;

import org.apache.camel.builder.RouteBuilder;

/**
 * How Kor'tana is doing, over HTTP: autonomy metrics (bean {@code autonomyApi}) for any key within its tenant, and the
 * cluster's heartbeats and alerts (bean {@code heartbeatsApi}) for admins. Errors are problem+json.
 */
public class MetricsApiRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid request", "the metrics cannot be computed right now; try again shortly");

        from("platform-http:/api/metrics/autonomy?httpMethodRestrict=GET")
                .routeId("api-autonomy-metrics")
                .process(ApiGuard.anyKey())
                .bean("autonomyApi", "autonomy");

        from("platform-http:/api/heartbeats?httpMethodRestrict=GET")
                .routeId("api-heartbeats")
                .process(ApiGuard.role(dev.kortana.routes.access.Role.ADMIN))
                .bean("heartbeatsApi", "cluster");
    }
}
