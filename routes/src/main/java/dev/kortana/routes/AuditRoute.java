package dev.kortana.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** The audit log's HTTP route: GET /api/audit/verify (bean {@code auditApi}). Errors are problem+json. */
public class AuditRoute extends RouteBuilder {

    @Override
    public void configure() {
        onException(ApiAccess.Denied.class)
                .handled(true)
                .process(ApiGuard::answerDenied);
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
