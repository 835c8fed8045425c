package dev.kortana.routes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.store.AcceptResult;
import dev.kortana.processors.store.StoreUnavailableException;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.RouteTestSupport;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one intake every channel ends in: a stored new task is counted and queued by its id, a repeat is counted and not
 * queued, a task that cannot be queued is let go, and intake's own errors go back to the channel as they are. Intake
 * is a stand-in ({@link FakeIntake}); the pipeline queue is a mock.
 */
class IntakeRouteTest extends RouteTestSupport {

    private static final String QUEUE = "mock:seda:kortana-pipeline";
    private static final byte[] TASK = "{\"id\":\"t-1\",\"goal\":\"check stock\",\"tenant\":\"acme\"}".getBytes();

    private final FakeIntake intake = new FakeIntake();
    private final List<String> journal = new CopyOnWriteArrayList<>();

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("intakeProcessor", intake);
        registry.bind("taskMetrics", new Metrics());
        registry.bind("taskFinisher", new Finisher());
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new IntakeRoute();
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        configuration.withMockEndpointsAndSkip("seda:kortana-pipeline*");
    }

    @BeforeEach
    void start() {
        context.start();
        getMockEndpoint(QUEUE).whenAnyExchangeReceived(e -> journal.add("queue " + e.getMessage().getBody()));
    }

    @Test
    void aNewTaskIsCountedThenQueuedByItsKeyAndTheChannelGetsTheAcceptResult() throws Exception {
        expect(QUEUE, 1).expectedBodiesReceived("acme/t-1");

        Exchange done = submit("HTTP");

        MockEndpoint.assertIsSatisfied(context);
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody())
                .isEqualTo(new AcceptResult("t-1", "acme/t-1", TaskStatus.ACCEPTED, AcceptResult.Kind.CREATED));
        assertThat(journal).containsExactly("taskMetrics.accepted CREATED HTTP", "queue acme/t-1");
    }

    @Test
    void aRepeatedTaskIsCountedButNotQueuedAgain() throws Exception {
        intake.answers(AcceptResult.Kind.EXISTING);
        expect(QUEUE, 0);

        Exchange done = submit("FILE");

        MockEndpoint.assertIsSatisfied(context);
        assertThat(done.getMessage().getBody(AcceptResult.class).kind()).isEqualTo(AcceptResult.Kind.EXISTING);
        assertThat(journal).containsExactly("taskMetrics.accepted EXISTING FILE");
    }

    @Test
    void aStoredTaskThatCannotBeQueuedIsReleasedAndStillAccepted() throws Exception {
        getMockEndpoint(QUEUE).whenAnyExchangeReceived(e -> {
            journal.add("queue " + e.getMessage().getBody());
            throw new IllegalStateException("queue is full");
        });

        Exchange done = submit("KAFKA");

        assertThat(done.getException()).as("the task is stored: the channel acknowledges it").isNull();
        assertThat(done.getMessage().getBody(AcceptResult.class).kind()).isEqualTo(AcceptResult.Kind.CREATED);
        assertThat(journal).containsExactly("taskMetrics.accepted CREATED KAFKA", "queue acme/t-1",
                "taskFinisher.release acme/t-1");
    }

    @Test
    void intakeErrorsGoBackToTheChannelUntouchedAndNothingIsCountedOrQueued() throws Exception {
        expect(QUEUE, 0);
        Exchange invalid = template.request(Endpoints.INTAKE, e -> {
            e.getMessage().setBody("{\"tenant\":\"acme\"}".getBytes());
            e.getMessage().setHeader(Headers.CHANNEL, "HTTP");
        });
        intake.fails(() -> new StoreUnavailableException(new SQLException("connection refused", "08001")));
        Exchange storeDown = submit("FILE");

        MockEndpoint.assertIsSatisfied(context);
        assertThat(invalid.getException()).isInstanceOf(ContractViolation.class).hasMessageContaining("/goal");
        assertThat(storeDown.getException()).isInstanceOf(StoreUnavailableException.class);
        assertThat(intake.received).as("tried once each: intake leaves retrying to the channel").hasSize(2);
        assertThat(journal).isEmpty();
    }

    private Exchange submit(String channel) {
        return template.request(Endpoints.INTAKE, e -> {
            e.getMessage().setBody(TASK);
            e.getMessage().setHeader(Headers.CHANNEL, channel);
        });
    }

    private MockEndpoint expect(String mock, int count) {
        MockEndpoint endpoint = getMockEndpoint(mock);
        endpoint.expectedMessageCount(count);
        endpoint.setSleepForEmptyTest(0); // intake is synchronous: the request has returned by now
        return endpoint;
    }

    /** Stand-in for taskMetrics. */
    public class Metrics {
        public void accepted(AcceptResult result, String channel) {
            journal.add("taskMetrics.accepted " + result.kind() + " " + channel);
        }
    }

    /** Stand-in for taskFinisher. */
    public class Finisher {
        public void release(String taskId) {
            journal.add("taskFinisher.release " + taskId);
        }
    }
}
