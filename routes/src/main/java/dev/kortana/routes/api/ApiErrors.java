package dev.kortana.routes.api;

import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.routes.access.ApiAccess;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** The error answers every /api route builder shares: 400 naming the fields, 401/403 from the key check, 503 otherwise. */
final class ApiErrors {

    private ApiErrors() {}

    /** Registers the shared handlers on {@code routes}; {@code unavailable} is the 503's detail. */
    static void standard(RouteBuilder routes, String invalidTitle, String unavailable) {
        routes.onException(ContractViolation.class)
                .handled(true)
                .process(e -> {
                    ContractViolation violation = e.getProperty(Exchange.EXCEPTION_CAUGHT, ContractViolation.class);
                    Problems.write(e, 400, invalidTitle, violation.getMessage(), violation.problems());
                });
        routes.onException(ApiAccess.Denied.class)
                .handled(true)
                .process(ApiGuard::answerDenied);
        routes.onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.ERROR, "HTTP ${header.CamelHttpMethod} ${header.CamelHttpPath} failed: ${exception}")
                .process(e -> Problems.write(e, 503, "Service unavailable", unavailable, null));
    }
}
