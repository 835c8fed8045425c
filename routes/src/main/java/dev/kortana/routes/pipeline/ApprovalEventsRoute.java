package dev.kortana.routes.pipeline;

import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Settings;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.model.RouteDefinition;

/**
 * What happens around a human decision without a person: a step waiting for approval is announced (logged, and published
 * to the approvals topic when Kafka is on), and a timer applies approval timeouts, reopening the tasks they end.
 */
public class ApprovalEventsRoute extends RouteBuilder {

    @Override
    public void configure() {
        RouteDefinition events = from(Endpoints.APPROVAL_EVENTS)
                .routeId("approval-events")
                .errorHandler(noErrorHandler()) // a failed announcement goes back to ApprovalEvents, which logs it once
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
                .onException(Exception.class)
                    .handled(true)
                    .log(LoggingLevel.ERROR, "Applying approval timeouts failed, will try again next period: ${exception}")
                .end()
                .bean("approvalEvents", "applyTimeouts");
    }
}
