package dev.kortana.routes.api;

import dev.kortana.processors.pipeline.DeadLetterReplay;
import dev.kortana.routes.access.Role;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * HTTP routes of the operator API: listing tools (any key); registering tools, dead letters and replay (admin).
 * Errors are problem+json.
 */
public class OperatorApiRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid request", "try again shortly");
        onException(DeadLetterReplay.Refused.class)
                .handled(true)
                .process(e -> {
                    DeadLetterReplay.Refused refused = e.getProperty(Exchange.EXCEPTION_CAUGHT, DeadLetterReplay.Refused.class);
                    Problems.write(e, refused.status(), refused.status() == 404 ? "Not found" : "Cannot replay", refused.getMessage(), null);
                });

        from("platform-http:/api/tools?httpMethodRestrict=GET")
                .routeId("api-tools")
                .process(ApiGuard.anyKey())
                .bean("operatorApi", "listTools");

        from("platform-http:/api/tools?httpMethodRestrict=POST")
                .routeId("api-register-tool")
                .process(ApiGuard.role(Role.ADMIN))
                .convertBodyTo(String.class)
                .bean("operatorApi", "registerTool");

        from("platform-http:/api/dead-letters/{id}?httpMethodRestrict=GET")
                .routeId("api-dead-letter")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("operatorApi", "deadLetter");

        from("platform-http:/api/dead-letters/{id}/replay?httpMethodRestrict=POST")
                .routeId("api-replay-dead-letter")
                .process(ApiGuard.role(Role.ADMIN))
                .convertBodyTo(String.class)
                .bean("operatorApi", "replay");
    }
}
