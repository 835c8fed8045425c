package dev.kortana.routes.api;

import dev.kortana.routes.access.Role;
import org.apache.camel.builder.RouteBuilder;

/**
 * The read side of the HTTP API: tasks and their events (any key; only its tenant's tasks), dead letters (admin) and
 * models (any key). Errors are problem+json.
 */
public class TaskQueryRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid query", "tasks cannot be read right now; try again shortly");

        from("platform-http:/api/tasks?httpMethodRestrict=GET")
                .routeId("api-list-tasks")
                .process(ApiGuard.anyKey())
                .bean("taskApi", "list");

        from("platform-http:/api/tasks/{id}?httpMethodRestrict=GET")
                .routeId("api-get-task")
                .process(ApiGuard.anyKey())
                .bean("taskApi", "task");

        from("platform-http:/api/tasks/{id}/events?httpMethodRestrict=GET")
                .routeId("api-task-events")
                .process(ApiGuard.anyKey())
                .bean("taskApi", "events");

        from("platform-http:/api/dead-letters?httpMethodRestrict=GET")
                .routeId("api-dead-letters")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("taskApi", "deadLetters");

        from("platform-http:/api/models?httpMethodRestrict=GET")
                .routeId("api-models")
                .process(ApiGuard.anyKey())
                .bean("modelsApi", "models");
    }
}
