package dev.kortana.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.store.StoreUnavailableException;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.RouteTestSupport;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leases without a database: the timers become direct endpoints, the pipeline queue a mock, and leases and the
 * finisher stand-ins that write to a journal. Shows the sweeper queueing each reclaimed task on its own, the heartbeat,
 * and resume-task queueing only a task it took over and letting go of one it could not queue.
 */
class LeaseRouteTest extends RouteTestSupport {

    private static final String QUEUE = "mock:seda:kortana-pipeline";
    private static final String HEARTBEAT = "direct:heartbeat";
    private static final String SWEEP = "direct:sweep";
    private static final int BATCH = 7;

    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final FakeLeases leases = new FakeLeases();

    @Override
    protected Map<String, String> overrides() {
        return Map.of("kortana.lease.sweep-batch", String.valueOf(BATCH));
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        configuration.withMockEndpointsAndSkip("seda:kortana-pipeline*");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("leases", leases);
        registry.bind("taskFinisher", new Finisher());
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new LeaseRoute();
    }

    @BeforeEach
    void replaceTheTimers() throws Exception {
        AdviceWith.adviceWith(context, "lease-heartbeat", route -> route.replaceFromWith(HEARTBEAT));
        AdviceWith.adviceWith(context, "lease-sweeper", route -> route.replaceFromWith(SWEEP));
        context.start();
        getMockEndpoint(QUEUE).whenAnyExchangeReceived(e -> journal.add("queue " + e.getMessage().getBody()));
    }

    @Test
    void theSweeperQueuesEachReclaimedTaskOnItsOwn() throws Exception {
        leases.reclaimed = List.of("t-1", "t-2", "t-3");
        expectQueued().expectedBodiesReceived("t-1", "t-2", "t-3");

        template.sendBody(SWEEP, null);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(journal).containsExactly("leases.reclaim " + BATCH, "queue t-1", "queue t-2", "queue t-3");
    }

    @Test
    void aSweepThatFailsQueuesNothingAndWaitsForTheNextPeriod() throws Exception {
        leases.failure = new StoreUnavailableException(new SQLException("connection refused", "08001"));
        expectQueued().expectedMessageCount(0);

        Exchange done = template.send(SWEEP, e -> { });

        MockEndpoint.assertIsSatisfied(context);
        assertThat(done.getException()).as("handled: the timer fires again").isNull();
        assertThat(journal).containsExactly("leases.reclaim " + BATCH);
    }

    @Test
    void theHeartbeatRenewsTheLeasesHeldHereAndOutlivesAFailure() {
        template.sendBody(HEARTBEAT, null);
        leases.failure = new StoreUnavailableException(new SQLException("connection refused", "08001"));
        Exchange failed = template.send(HEARTBEAT, e -> { });

        assertThat(failed.getException()).isNull();
        assertThat(journal).containsExactly("leases.renew", "leases.renew");
    }

    @Test
    void resumeQueuesATaskItTookOver() throws Exception {
        expectQueued().expectedBodiesReceived("t-1");

        template.sendBody(Endpoints.RESUME, "t-1");

        MockEndpoint.assertIsSatisfied(context);
        assertThat(journal).containsExactly("leases.takeOver t-1", "queue t-1");
    }

    @Test
    void resumeLeavesATaskItCouldNotTakeOver() throws Exception {
        leases.takesOver = false;
        expectQueued().expectedMessageCount(0);

        template.sendBody(Endpoints.RESUME, "t-1");

        MockEndpoint.assertIsSatisfied(context);
        assertThat(journal).containsExactly("leases.takeOver t-1");
    }

    @Test
    void resumeLetsGoOfATaskItCouldNotQueue() {
        getMockEndpoint(QUEUE).whenAnyExchangeReceived(e -> {
            journal.add("queue " + e.getMessage().getBody());
            throw new IllegalStateException("queue is full");
        });

        Exchange done = template.send(Endpoints.RESUME, e -> e.getMessage().setBody("t-1"));

        assertThat(done.getException()).isNull();
        assertThat(journal).containsExactly("leases.takeOver t-1", "queue t-1", "taskFinisher.release t-1");
    }

    private MockEndpoint expectQueued() {
        MockEndpoint queue = getMockEndpoint(QUEUE);
        queue.setSleepForEmptyTest(0); // every route here is synchronous: done when the send returns
        return queue;
    }

    /** Stand-in for leases: what the store would reclaim, whether a take-over succeeds, and a failure of either. */
    public class FakeLeases {
        volatile List<String> reclaimed = List.of();
        volatile boolean takesOver = true;
        volatile RuntimeException failure;

        public int renew() {
            journal.add("leases.renew");
            failIfAsked();
            return 1;
        }

        public List<String> reclaim(int limit) {
            journal.add("leases.reclaim " + limit);
            failIfAsked();
            return reclaimed;
        }

        public boolean takeOver(String taskId) {
            journal.add("leases.takeOver " + taskId);
            failIfAsked();
            return takesOver;
        }

        private void failIfAsked() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Stand-in for taskFinisher. */
    public class Finisher {
        public void release(String taskId) {
            journal.add("taskFinisher.release " + taskId);
        }
    }
}
