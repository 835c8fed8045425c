package dev.kortana.routes.api;

import org.apache.camel.builder.RouteBuilder;

/** The audit log's HTTP route: GET /api/audit/verify (bean {@code auditApi}). Errors are problem+json. */
public class AuditRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid request", "the audit log cannot be verified right now; try again shortly");

        from("platform-http:/api/audit/verify?httpMethodRestrict=GET")
                .routeId("api-audit-verify")
                .bean("auditApi", "verify");
    }
}
