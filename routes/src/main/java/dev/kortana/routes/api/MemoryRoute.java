package dev.kortana.routes.api;

import dev.kortana.routes.access.Role;
import org.apache.camel.builder.RouteBuilder;

/**
 * Memory over HTTP: search and one memory with its provenance (any key; only its tenant's memories), feedback on one
 * (approver), forgetting one, a task's or a tenant's (admin). Errors are problem+json.
 */
public class MemoryRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid request", "memory cannot be read right now; try again shortly");

        from("platform-http:/api/memories?httpMethodRestrict=GET")
                .routeId("api-memories")
                .process(ApiGuard.anyKey())
                .bean("memoryApi", "search");

        from("platform-http:/api/memories/{id}?httpMethodRestrict=GET")
                .routeId("api-memory")
                .process(ApiGuard.anyKey())
                .bean("memoryApi", "memory");

        from("platform-http:/api/memories/{id}/feedback?httpMethodRestrict=POST")
                .routeId("api-memory-feedback")
                .process(ApiGuard.role(Role.APPROVER))
                .bean("memoryFeedbackApi", "feedback");

        from("platform-http:/api/memories/{id}?httpMethodRestrict=DELETE")
                .routeId("api-forget-memory")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("forgetMemoryApi", "forget");

        from("platform-http:/api/memories?httpMethodRestrict=DELETE")
                .routeId("api-forget-memories")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("forgetMemoryApi", "forgetMany");
    }
}
