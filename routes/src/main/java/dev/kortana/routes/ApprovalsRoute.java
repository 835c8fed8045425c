package dev.kortana.routes;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.model.RouteDefinition;

/**
 * Human control: the approvals API, cancelling a task, approval events (log, and Kafka when it is on), and the timer
 * that applies approval timeouts. Errors are problem+json.
 */
public class ApprovalsRoute extends RouteBuilder {

    @Override
    public void configure() {
        ApiErrors.standard(this, "Invalid request", "try again shortly");
        onException(ApprovalsApi.Refused.class)
                .handled(true)
                .process(e -> {
                    ApprovalsApi.Refused refused = e.getProperty(Exchange.EXCEPTION_CAUGHT, ApprovalsApi.Refused.class);
                    Problems.write(e, refused.status(), refused.status() == 404 ? "Not found" : "Conflict", refused.getMessage(), null);
                });

        from("platform-http:/api/approvals?httpMethodRestrict=GET")
                .routeId("api-approvals")
                .bean("approvalsApi", "pending");

        from("platform-http:/api/approvals/{taskId}?httpMethodRestrict=POST")
                .routeId("api-decide-approval")
                .convertBodyTo(String.class)
                .bean("approvalsApi", "decide");

        from("platform-http:/api/tasks/{taskId}/cancel?httpMethodRestrict=POST")
                .routeId("api-cancel-task")
                .convertBodyTo(String.class)
                .bean("approvalsApi", "cancel");

        RouteDefinition events = from(Endpoints.APPROVAL_EVENTS)
                .routeId("approval-events")
                .log(LoggingLevel.INFO, "Task ${body.taskId()} waits for approval of step ${body.stepIndex()} (${body.tool()})"
                        + " by role ${body.role()} under rule ${body.ruleId()} until ${body.respondBy()}:"
                        + " POST /api/approvals/${body.taskId()}");
        if (Settings.kafkaEnabled(getContext())) {
            events.setHeader(KafkaConstants.KEY, simple("${body.taskId()}"))
                    .setBody(method("approvalEvents", "json"))
                    .to("kafka:{{kortana.kafka.approvals-topic}}?brokers={{kortana.kafka.brokers}}");
        }

        from("timer:approval-timeouts?period={{kortana.approvals.timeout-check-ms}}&delay={{kortana.approvals.timeout-check-ms}}")
                .routeId("approval-timeouts")
                .bean("approvalEvents", "applyTimeouts");
    }
}
