package dev.kortana.routes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kortana.processors.store.AcceptResult;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.RouteTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.SynchronizationAdapter;
import org.junit.jupiter.api.Test;

/**
 * Intake in front of the real pipeline queue: what the channel's exchange must do when it is done (the file channel
 * moves the file and lets go of its claim) happens once the task is stored, not when the queued task has run.
 */
class IntakeQueueTest extends RouteTestSupport {

    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("intakeProcessor", new FakeIntake());
        registry.bind("taskMetrics", new Metrics());
        registry.bind("taskFinisher", new Finisher());
    }

    /** Stand-in for taskMetrics. */
    public static class Metrics {
        public void accepted(AcceptResult result, String channel) {
            // not counted here
        }
    }

    /** Stand-in for taskFinisher. */
    public class Finisher {
        public void release(String taskId) {
            journal.add("released " + taskId);
        }
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new IntakeRoute(), new RouteBuilder() {
            @Override
            public void configure() {
                from(Endpoints.PIPELINE).routeId("pipeline").process(e -> {
                    journal.add("task " + e.getMessage().getBody() + " running");
                    running.countDown();
                    finish.await(10, TimeUnit.SECONDS); // the task runs until the test lets it end
                    journal.add("task ended");
                });
            }
        }};
    }

    @Test
    void theChannelsCompletionsRunOnceTheTaskIsStoredWhileTheQueuedTaskStillRuns() throws Exception {
        context.start();
        Exchange done = template.request(Endpoints.INTAKE, e -> {
            e.getMessage().setBody("{\"id\":\"t-1\",\"goal\":\"check stock\",\"tenant\":\"acme\"}".getBytes());
            e.getMessage().setHeader(Headers.CHANNEL, "FILE");
            e.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange exchange) {
                    journal.add("file moved");
                }
            });
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(done.getException()).isNull();
        assertThat(journal).as("while the task runs").containsExactlyInAnyOrder("task acme/t-1 running", "file moved");
        finish.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.contains("task ended"));
        assertThat(journal).filteredOn("file moved"::equals).hasSize(1);
    }
}
