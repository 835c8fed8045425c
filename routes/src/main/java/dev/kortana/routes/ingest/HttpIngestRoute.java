package dev.kortana.routes.ingest;

import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.TaskTooLarge;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Role;
import dev.kortana.routes.access.TenantAdmission;
import dev.kortana.routes.api.ApiGuard;
import dev.kortana.routes.api.Problems;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * HTTP channel on the embedded server: submit tasks (role submitter; the task belongs to the key's tenant). Every
 * error is answered as application/problem+json naming the field and the fix; nothing is stored unless the answer is
 * 202 (or 200 for a repeat).
 */
public class HttpIngestRoute extends RouteBuilder {

    @Override
    public void configure() {
        onException(ApiAccess.Denied.class)
                .handled(true)
                .process(ApiGuard::answerDenied);
        onException(IntakeProcessor.IdConflict.class)
                .handled(true)
                .process(e -> problem(e, 409, "Task id conflict"));
        onException(TaskTooLarge.class)
                .handled(true)
                .process(e -> problem(e, 413, "Task too large"));
        onException(ContractViolation.class)
                .handled(true)
                .process(e -> problem(e, 400, "Invalid task"));
        onException(TenantAdmission.TooManyTasks.class)
                .handled(true)
                .process(e -> {
                    TenantAdmission.TooManyTasks refused = (TenantAdmission.TooManyTasks) caught(e);
                    Problems.write(e, 429, "Too many tasks", refused.getMessage(), null);
                    if (refused.retryAfterSeconds() != null) {
                        e.getMessage().setHeader("Retry-After", refused.retryAfterSeconds());
                    }
                });
        onException(HttpSubmission.UnsupportedMediaType.class)
                .handled(true)
                .process(e -> Problems.write(e, 415, "Unsupported media type", caught(e).getMessage(), null));
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.ERROR, "HTTP ${header.CamelHttpMethod} ${header.CamelHttpPath} failed: ${exception}")
                .process(e -> Problems.write(e, 503, "Service unavailable",
                        "the task could not be stored right now (" + caught(e).getClass().getSimpleName()
                                + "); nothing was accepted, retry with the same id", null));

        from("platform-http:/api/tasks?httpMethodRestrict=POST")
                .routeId("ingest-http")
                .process(ApiGuard.role(Role.SUBMITTER))
                .process(HttpSubmission::prepare)
                .to(Endpoints.INTAKE)
                .process(HttpSubmission::accepted);
    }

    private static void problem(Exchange exchange, int status, String title) {
        ContractViolation violation = (ContractViolation) caught(exchange);
        Problems.write(exchange, status, title, violation.getMessage(), violation.problems());
    }

    private static Exception caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }
}
