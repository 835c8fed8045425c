package dev.kortana.routes.api;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Human control over HTTP: open approval requests, decisions on them, and cancelling a task. Errors are problem+json.
 */
public class ApprovalsRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid request", "try again shortly");
        onException(ApprovalsApi.Refused.class)
                .handled(true)
                .process(e -> {
                    ApprovalsApi.Refused refused = e.getProperty(Exchange.EXCEPTION_CAUGHT, ApprovalsApi.Refused.class);
                    Problems.write(e, refused.status(), refused.status() == 404 ? "Not found" : "Conflict", refused.getMessage(), null);
                });

        from("platform-http:/api/approvals?httpMethodRestrict=GET")
                .routeId("api-approvals")
                .bean("approvalsApi", "pending");

        from("platform-http:/api/approvals/{taskId}?httpMethodRestrict=POST")
                .routeId("api-decide-approval")
                .convertBodyTo(String.class)
                .bean("approvalsApi", "decide");

        from("platform-http:/api/tasks/{taskId}/cancel?httpMethodRestrict=POST")
                .routeId("api-cancel-task")
                .convertBodyTo(String.class)
                .bean("cancelApi", "cancel");
    }
}
