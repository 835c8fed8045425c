package dev.kortana.routes.observe;

import dev.kortana.processors.metrics.AutonomyReport;
import dev.kortana.routes.Settings;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The daily autonomy audit (bean {@code autonomyReport}): every {@code kortana.reports.autonomy.check-ms} yesterday is
 * reported unless another instance has; the report is written under the data dir and, with Kafka on, published to
 * {@code kortana.reports.topic}, keyed by its day.
 */
public class AutonomyReportRoute extends RouteBuilder {

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.WARN, "${routeId} failed, will try again next period: ${exception.message}");

        var report = from("timer:autonomy-report?delay={{kortana.reports.autonomy.delay-ms}}&period={{kortana.reports.autonomy.check-ms}}")
                .routeId("autonomy-report")
                .setBody(method("autonomyReport", "reportYesterday"))
                .filter(body().isNotNull())
                    .log(LoggingLevel.INFO, "Autonomy report for yesterday written under {{kortana.data-dir}}/reports");
        if (Settings.kafkaEnabled(getContext())) {
            report.setHeader(KafkaConstants.KEY, method(AutonomyReport.class, "dayOf"))
                    .to("kafka:{{kortana.reports.topic}}?brokers={{kortana.kafka.brokers}}");
        }
        report.end();
    }
}
