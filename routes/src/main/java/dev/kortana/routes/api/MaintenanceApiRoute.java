package dev.kortana.routes.api;

import dev.kortana.routes.access.Role;
import org.apache.camel.builder.RouteBuilder;

/** Maintenance over HTTP, admin only: archive now, restore, the recent runs (bean {@code maintenanceApi}). */
public class MaintenanceApiRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid request", "maintenance cannot run right now; try again shortly");

        from("platform-http:/api/maintenance/archive?httpMethodRestrict=POST")
                .routeId("api-memory-archive")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("maintenanceApi", "archive");

        from("platform-http:/api/maintenance/restore?httpMethodRestrict=POST")
                .routeId("api-memory-restore")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("maintenanceApi", "restore");

        from("platform-http:/api/maintenance/runs?httpMethodRestrict=GET")
                .routeId("api-maintenance-runs")
                .process(ApiGuard.role(Role.ADMIN))
                .bean("maintenanceApi", "runs");
    }
}
