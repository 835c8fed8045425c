package dev.kortana.routes;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** The audit log's HTTP route: GET /api/audit/verify (bean {@code auditApi}). Errors are problem+json. */
public class AuditRoute extends RouteBuilder {

    @Override
    public void configure() {
        onException(AdminAccess.Denied.class)
                .handled(true)
                .process(e -> {
                    AdminAccess.Denied denied = e.getProperty(Exchange.EXCEPTION_CAUGHT, AdminAccess.Denied.class);
                    Problems.write(e, denied.status(), denied.status() == 401 ? "Unauthorized" : "Forbidden", denied.getMessage(), null);
                });
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.ERROR, "HTTP ${header.CamelHttpMethod} ${header.CamelHttpPath} failed: ${exception}")
                .process(e -> Problems.write(e, 503, "Service unavailable",
                        "the audit log cannot be verified right now; try again shortly", null));

        from("platform-http:/api/audit/verify?httpMethodRestrict=GET")
                .routeId("api-audit-verify")
                .bean("auditApi", "verify");
    }
}
