package dev.kortana.routes.pipeline;

import dev.kortana.routes.Endpoints;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.builder.RouteBuilder;

/**
 * Crash recovery and work sharing: a heartbeat renews the leases of tasks held here; a sweeper claims live tasks
 * whose lease expired (their worker died) and queues them, and they resume after their last completed step.
 */
public class LeaseRoute extends RouteBuilder {

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.WARN, "${routeId} failed, will try again next period: ${exception.message}");

        from("timer:lease-heartbeat?period={{kortana.lease.heartbeat-ms}}")
                .routeId("lease-heartbeat")
                // On a graceful stop it beats until the running tasks finished, so their leases do not run out meanwhile.
                .shutdownRoute(ShutdownRoute.Defer)
                .bean("leases", "renew");

        from("timer:lease-sweeper?delay={{kortana.lease.sweep-delay-ms}}&period={{kortana.lease.sweep-ms}}")
                .routeId("lease-sweeper")
                .setBody(method("leases", "reclaim({{kortana.lease.sweep-batch}})"))
                .split(body())
                    .to(Endpoints.PIPELINE)
                .end();

        // Held and leased here before it is queued, so the heartbeat keeps it and no sweeper queues it a second time.
        from(Endpoints.RESUME)
                .routeId("resume-task")
                .filter(method("leases", "takeOver"))
                    .doTry()
                        .to(Endpoints.PIPELINE)
                    .doCatch(Exception.class)
                        // Not queued: let go of it, so its lease runs out and a sweeper resumes it.
                        .bean("taskFinisher", "release(${body})")
                        .log(LoggingLevel.WARN, "Task ${body} was reopened but not queued; a sweeper resumes it: ${exception.message}")
                    .end()
                .end();
    }
}
