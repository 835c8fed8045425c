package dev.kortana.routes.api;

import dev.kortana.processors.prompts.PromptRefused;
import dev.kortana.routes.access.Role;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Prompt versions over HTTP, for approvers: read them with their statistics, propose a variant, promote a canary, roll
 * back. Decisions on proposals go through the approvals API ({@link ApprovalsRoute}). Errors are problem+json.
 */
public class PromptsRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid request", "prompt versions cannot be read or changed right now; try again shortly");
        onException(PromptRefused.class)
                .handled(true)
                .process(PromptsRoute::answerRefused);

        from("platform-http:/api/prompts?httpMethodRestrict=GET")
                .routeId("api-prompts")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("promptsApi", "list");

        from("platform-http:/api/prompts/{name}?httpMethodRestrict=GET")
                .routeId("api-prompt")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("promptsApi", "show");

        from("platform-http:/api/prompts/{name}/versions?httpMethodRestrict=POST")
                .routeId("api-propose-prompt")
                .process(ApiGuard.role(Role.ADMIN))
                .convertBodyTo(String.class)
                .bean("promptsApi", "propose");

        from("platform-http:/api/prompts/{name}/versions/{version}/promote?httpMethodRestrict=POST")
                .routeId("api-promote-prompt")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("promptsApi", "promote");

        from("platform-http:/api/prompts/{name}/rollback?httpMethodRestrict=POST")
                .routeId("api-rollback-prompt")
                .process(ApiGuard.role(Role.ADMIN))
                .convertBodyTo(String.class)
                .bean("promptsApi", "rollback");
    }

    /** 404 for an unknown template or version, 409 for a step the version's status does not allow. */
    static void answerRefused(Exchange exchange) {
        PromptRefused refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, PromptRefused.class);
        Problems.write(exchange, refused.status(), refused.status() == 404 ? "Not found" : "Conflict", refused.getMessage(), null);
    }
}
