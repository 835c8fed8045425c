package dev.kortana.routes.api;

import dev.kortana.processors.prompts.PromptApprovalIds;
import dev.kortana.processors.prompts.PromptRefused;
import dev.kortana.routes.access.Role;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Human control over HTTP: open approval requests (a task's step, or a prompt variant), decisions on them, answers for
 * calls of unknown outcome, and cancelling a task. Errors are problem+json.
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
        onException(PromptRefused.class)
                .handled(true)
                .process(PromptsRoute::answerRefused);

        from("platform-http:/api/approvals?httpMethodRestrict=GET")
                .routeId("api-approvals")
                .bean("approvalsApi", "pending");

        from("platform-http:/api/approvals/{taskId}?httpMethodRestrict=POST")
                .routeId("api-decide-approval")
                .convertBodyTo(String.class)
                .choice()
                    .when(ApprovalsRoute::namesAPrompt)
                        .process(ApiGuard.role(Role.APPROVER))
                        .bean("promptsApi", "decide")
                    .otherwise()
                        .bean("approvalsApi", "decide")
                .end();

        from("platform-http:/api/tasks/{taskId}/cancel?httpMethodRestrict=POST")
                .routeId("api-cancel-task")
                .convertBodyTo(String.class)
                .bean("cancelApi", "cancel");

        from("platform-http:/api/tasks/{taskId}/reconciliation?httpMethodRestrict=POST")
                .routeId("api-reconcile-task")
                .convertBodyTo(String.class)
                .bean("reconcileApi", "decide");
    }

    /** A prompt variant's approval id ({@code prompt-plan@2}) has an {@code @}, which no task id has. */
    static boolean namesAPrompt(Exchange exchange) {
        return PromptApprovalIds.isPrompt(exchange.getMessage().getHeader("taskId", String.class));
    }
}
