package dev.kortana.routes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.metrics.AutonomyReport;
import dev.kortana.routes.RouteTestSupport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report timer asks for yesterday's report each period; only a report this instance made goes to the reports topic,
 * keyed by its day (a day another instance reported gives nothing), and a failing report is handled so the next
 * period tries again.
 */
class AutonomyReportRouteTest extends RouteTestSupport {

    private final Deque<Object> answers = new ArrayDeque<>();

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("kortana.reports.autonomy.delay-ms", "0");
        p.put("kortana.reports.autonomy.check-ms", "3600000");
        p.put("kortana.data-dir", "target/route-test-data");
        p.put("kortana.kafka.brokers", "127.0.0.1:1"); // Kafka on: the report goes to its topic (replaced by a mock)
        p.put("kortana.reports.topic", "kortana.reports");
        return p;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("autonomyReport", new AutonomyReport(null, null, Path.of("target"), "n1", Clock.systemUTC()) {
            @Override
            public String reportYesterday() {
                Object next = answers.poll();
                if (next instanceof RuntimeException e) {
                    throw e;
                }
                return (String) next;
            }
        });
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new AutonomyReportRoute()};
    }

    @BeforeEach
    void replaceTheTimer() throws Exception {
        AdviceWith.adviceWith(context, "autonomy-report", r -> {
            r.replaceFromWith("direct:check");
            r.weaveByToString("To\\[kafka:.*").replace().to("mock:reported");
        });
        context.start();
    }

    @Test
    void onlyAReportThisInstanceMadeGoesOnAndAFailureIsHandled() throws Exception {
        MockEndpoint reported = getMockEndpoint("mock:reported");
        reported.expectedBodiesReceived("{\"day\":\"2026-12-06\"}");
        reported.expectedHeaderReceived(org.apache.camel.component.kafka.KafkaConstants.KEY, "2026-12-06");
        answers.add("{\"day\":\"2026-12-06\"}");
        answers.add(new IllegalStateException("no database"));

        template.sendBody("direct:check", null);
        Exchange failed = template.send("direct:check", e -> { });
        template.sendBody("direct:check", null); // another instance reported the day: null

        MockEndpoint.assertIsSatisfied(context);
        assertThat(failed.getException()).isNull();
    }
}
