package dev.kortana.routes.pipeline;

import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.model.ChoiceDefinition;

/**
 * Publishes a recorded outcome back on the channel the task came from (outbox file, Kafka outcomes topic; HTTP
 * callers read it with GET), then ends the task. Failed and rejected tasks are published the same way, so every
 * accepted task gets an answer.
 */
public class PublishRoute extends RouteBuilder {

    @Override
    public void configure() {
        boolean kafka = Settings.kafkaEnabled(getContext());

        ChoiceDefinition byChannel = from(Endpoints.PUBLISH)
                .routeId("pipeline-publish")
                .routeConfigurationId(ErrorHandlingConfiguration.PIPELINE)
                .setBody(exchangeProperty(Headers.RUN))
                .setHeader(Headers.CHANNEL, simple("${body.context().source().channel()}"))
                .choice()
                    .when(header(Headers.CHANNEL).isEqualTo("FILE"))
                        .setHeader(Exchange.FILE_NAME, method("outcomes", "fileName"))
                        .setBody(method("outcomes", "json"))
                        .to("file:{{kortana.data-dir}}/outbox?tempFileName=.${file:name}.tmp");
        if (kafka) {
            byChannel.when(header(Headers.CHANNEL).isEqualTo("KAFKA"))
                    .to(Endpoints.KAFKA_OUTCOME_PREPARE);
        } else {
            byChannel.when(header(Headers.CHANNEL).isEqualTo("KAFKA"))
                    .log(LoggingLevel.WARN, "Task ${exchangeProperty." + Headers.TASK_ID + "} came by Kafka, but Kafka is off"
                            + " now (kortana.kafka.brokers is empty); its outcome is only at /api/tasks/${exchangeProperty."
                            + Headers.TASK_ID + "}");
        }
        byChannel.end()
                .setBody(exchangeProperty(Headers.RUN))
                .bean("taskFinisher", "finish")
                .bean("taskMetrics", "finished")
                .log(LoggingLevel.INFO, "Task ${exchangeProperty." + Headers.TASK_ID + "} ended ${body.context().status()}");

        if (kafka) {
            from(Endpoints.KAFKA_OUTCOME_PREPARE)
                    .routeId("publish-kafka-prepare")
                    .errorHandler(noErrorHandler()) // failures go back to pipeline-publish, which retries and dead-letters
                    // Only the record's own headers go to the broker, but Camel's redelivery count stays: without it
                    // pipeline-publish would retry a refused outcome for ever instead of dead-lettering it.
                    .removeHeaders("*", "CamelRedelivery*")
                    .setHeader(KafkaConstants.KEY, method("outcomes", "replyKey"))
                    .setHeader(Headers.KAFKA_TASK_ID, method("outcomes", "taskId"))
                    .setHeader(Headers.KAFKA_STATUS, simple("${body.context().status().name()}", String.class))
                    .setBody(method("outcomes", "compactJson"))
                    .to(Endpoints.KAFKA_OUTCOME);

            from(Endpoints.KAFKA_OUTCOME)
                    .routeId("publish-kafka")
                    .errorHandler(noErrorHandler()) // failures go back to pipeline-publish, which retries and dead-letters
                    // synchronous: the task is finished only once the broker has the outcome
                    .to("kafka:{{kortana.kafka.outcomes-topic}}?brokers={{kortana.kafka.brokers}}&synchronous=true");
        }

        from(Endpoints.FAIL_TASK)
                .routeId("pipeline-fail")
                .errorHandler(noErrorHandler())
                .bean("taskFailures", "recordFailure")
                .to(Endpoints.PUBLISH);

        from(Endpoints.DEAD_LETTER)
                .routeId("dead-letter")
                .errorHandler(noErrorHandler())
                .choice()
                    .when(method("taskFailures", "recordDeadLetter"))
                        .to(Endpoints.PUBLISH)
                    .otherwise()
                        .bean("taskMetrics", "finished(${exchangeProperty." + Headers.RUN + "})")
                .end();
    }
}
