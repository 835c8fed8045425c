package dev.kortana.routes.pipeline;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Housekeeping on timers: budget reservations whose call never settled give their money back when they expire, and
 * budget slices idle for a period give back what they did not use,
 * policies.yaml is reloaded when it changed, and idle rate-limit buckets are forgotten.
 */
public class MaintenanceRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:budget-reaper?period={{kortana.models.reaper-ms}}&delay={{kortana.models.reaper-ms}}")
                .routeId("budget-reaper")
                .setBody(method("spendStore", "releaseExpired(1000)"))
                .filter(simple("${body} > 0"))
                    .log(LoggingLevel.WARN, "Released ${body} expired budget reservations (their calls never settled)")
                .end()
                .bean("budgetSlices", "returnIdleFor({{kortana.models.reaper-ms}})");

        from("timer:policy-reload?period={{kortana.policy.reload-ms}}&delay={{kortana.policy.reload-ms}}")
                .routeId("policy-reload")
                .bean("policyReloads", "reload");

        // Buckets untouched for an hour that have refilled are forgotten; the next call starts a full one, the same.
        from("timer:rate-bucket-cleanup?period=600000&delay=600000")
                .routeId("rate-bucket-cleanup")
                .setBody(constant(java.time.Duration.ofHours(1)))
                .bean("rateLimits", "forgetIdle");
    }
}
