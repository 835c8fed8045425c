package dev.kortana.routes.api;

import dev.kortana.routes.access.Role;
import org.apache.camel.builder.RouteBuilder;

/**
 * Memory over HTTP: search and one memory (any key; only its tenant's memories), forgetting one (admin). Errors are
 * problem+json.
 */
public class MemoryRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid query", "memory cannot be read right now; try again shortly");

        from("platform-http:/api/memories?httpMethodRestrict=GET")
                .routeId("api-memories")
                .process(ApiGuard.anyKey())
                .bean("memoryApi", "search");

        from("platform-http:/api/memories/{id}?httpMethodRestrict=GET")
                .routeId("api-memory")
                .process(ApiGuard.anyKey())
                .bean("memoryApi", "memory");

        from("platform-http:/api/memories/{id}?httpMethodRestrict=DELETE")
                .routeId("api-forget-memory")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("memoryApi", "forget");
    }
}
