package dev.kortana.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** Housekeeping on a timer: budget reservations whose call never settled give their money back when they expire. */
public class MaintenanceRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:budget-reaper?period={{kortana.models.reaper-ms}}&delay={{kortana.models.reaper-ms}}")
                .routeId("budget-reaper")
                .setBody(method("spendStore", "releaseExpired(1000)"))
                .filter(simple("${body} > 0"))
                    .log(LoggingLevel.WARN, "Released ${body} expired budget reservations (their calls never settled)")
                .end();
    }
}
