package dev.kortana.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.pipeline.PermanentFailure;
import dev.kortana.processors.policy.RateLimited;
import dev.kortana.processors.store.DataRejectedException;
import dev.kortana.processors.store.LeaseLostException;
import dev.kortana.processors.store.StoreUnavailableException;
import dev.kortana.processors.tools.ToolRetriesExhausted;
import dev.kortana.processors.tools.ToolUnavailable;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.RouteTestSupport;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's shape without a database: the stages a task goes through and in which order, the rounds of steps in
 * execute, a parked task stopping after execute, and what the one error configuration does with each exception
 * class. The stages are stand-ins ({@link FakeStages}); publish, fail and dead-letter are mocked and skipped.
 */
class PipelineRouteTest extends RouteTestSupport {

    private static final String PUBLISH = "mock:" + Endpoints.PUBLISH;
    private static final String FAIL = "mock:" + Endpoints.FAIL_TASK;
    private static final String DEAD_LETTER = "mock:" + Endpoints.DEAD_LETTER;
    private static final String QUEUE = "direct:pipeline-queue";
    private static final int REDELIVERIES = 3;
    private static final long FIRST_DELAY_MS = 20;

    private final FakeStages stages = new FakeStages();
    private final ExecutorService toolWorkers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopWorkers() {
        toolWorkers.shutdownNow();
    }

    @Override
    protected Map<String, String> overrides() {
        return Map.of("kortana.retry.max-redeliveries", String.valueOf(REDELIVERIES),
                "kortana.retry.initial-delay-ms", String.valueOf(FIRST_DELAY_MS),
                "kortana.retry.max-delay-ms", "1000");
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        configuration.withMockEndpointsAndSkip(Endpoints.PUBLISH + "|" + Endpoints.FAIL_TASK + "|" + Endpoints.DEAD_LETTER);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        stages.bind(registry);
        registry.bind("toolWorkers", toolWorkers);
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new ErrorHandlingConfiguration(), new PipelineRoute()};
    }

    @Test
    void aTaskGoesThroughEveryStageInOrderAndIsPublished() throws Exception {
        stages.rounds(List.of(List.of(0), List.of(1)));
        expect(PUBLISH, 1);
        expect(FAIL, 0);
        expect(DEAD_LETTER, 0);

        run();

        assertThat(stages.journal).containsExactly(
                "pipelineStart.begin", "stepGate.checkCancelledOnResume", "planStage.plan", "policyStage.check",
                "executeStage.begin",
                "stepGate.checkCancelled", "stepGate.checkRejected", "executeStage.readySteps", "stepGate.admit 0",
                "executeStage.runStep 0", "stepGate.parkIfWaiting",
                "stepGate.checkCancelled", "stepGate.checkRejected", "executeStage.readySteps", "stepGate.admit 1",
                "executeStage.runStep 1", "stepGate.parkIfWaiting",
                "stepGate.proceeds", "stepGate.checkCancelled", "validateStage.validate", "memoryStage.remember",
                "reflectStage.reflect",
                "taskDeferrals.putAsideIfDeferred", "taskFinisher.release");
        MockEndpoint.assertIsSatisfied(context);
        assertThat(getMockEndpoint(PUBLISH).getExchanges().get(0).getProperty(Headers.TASK_ID)).isEqualTo("t-1");
    }

    @Test
    void stepsOfARoundRunSideBySideAndOnlyThoseTheGateAdmits() throws Exception {
        stages.rounds(List.of(List.of(0, 1), List.of(2))).refuse(1);
        expect(PUBLISH, 1);

        run();

        assertThat(stages.journal).contains("stepGate.admit 0", "stepGate.admit 1", "stepGate.admit 2",
                        "executeStage.runStep 0", "executeStage.runStep 2")
                .doesNotContain("executeStage.runStep 1")
                .containsSubsequence("executeStage.readySteps", "stepGate.parkIfWaiting", "executeStage.readySteps",
                        "stepGate.parkIfWaiting", "stepGate.proceeds");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aParkedTaskStopsAfterExecute() throws Exception {
        stages.rounds(List.of(List.of(0))).refuse(0).parks();
        expect(PUBLISH, 0);
        expect(FAIL, 0);

        run();

        assertThat(stages.journal).containsSubsequence("stepGate.parkIfWaiting", "stepGate.proceeds",
                        "taskDeferrals.putAsideIfDeferred", "taskFinisher.release")
                .doesNotContain("executeStage.runStep 0", "validateStage.validate", "memoryStage.remember",
                        "reflectStage.reflect");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aTaskWithARecordedOutcomeIsOnlyPublished() throws Exception {
        stages.withOutcome();
        expect(PUBLISH, 1);

        run();

        assertThat(stages.journal).containsExactly("pipelineStart.begin", "taskDeferrals.putAsideIfDeferred",
                "taskFinisher.release");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aTaskHeldElsewhereIsLeftAlone() throws Exception {
        stages.nothingToRun();
        expect(PUBLISH, 0);

        run();

        assertThat(stages.journal).containsExactly("pipelineStart.begin", "taskDeferrals.putAsideIfDeferred",
                "taskFinisher.release");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aPermanentFailureEndsTheTaskAtOnce() throws Exception {
        stages.fail("planStage.plan", () -> new PermanentFailure(TaskStatus.FAILED, "no tool can do this"));
        expect(FAIL, 1);
        expect(DEAD_LETTER, 0);
        expect(PUBLISH, 0);

        run();

        assertThat(stages.journal).containsOnlyOnce("planStage.plan").doesNotContain("policyStage.check");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void dataTheDatabaseRefusesEndsTheTaskAtOnce() throws Exception {
        stages.fail("policyStage.check", () -> new DataRejectedException(new SQLException("value too long", "22001")));
        expect(FAIL, 1);
        expect(DEAD_LETTER, 0);

        run();

        assertThat(stages.journal).containsOnlyOnce("policyStage.check").doesNotContain("executeStage.begin");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aTransientFailureIsRedeliveredWithBackoffThenDeadLettered() throws Exception {
        stages.fail("policyStage.check", () -> new IllegalStateException("the model server is restarting"));
        expect(DEAD_LETTER, 1);
        expect(FAIL, 0);
        expect(PUBLISH, 0);

        run();

        assertThat(stages.journal.stream().filter("policyStage.check"::equals)).hasSize(1 + REDELIVERIES);
        assertThat(stages.journal).doesNotContain("executeStage.begin");
        MockEndpoint.assertIsSatisfied(context);
        assertThat(getMockEndpoint(DEAD_LETTER).getExchanges().get(0).getProperty(Headers.ATTEMPTS))
                .isEqualTo(1 + REDELIVERIES);
        // Exponential backoff: each wait at least twice the one before.
        List<Long> tries = timesOf("policyStage.check");
        for (int i = 1; i < tries.size(); i++) {
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(tries.get(i) - tries.get(i - 1));
            assertThat(waitedMs).as("wait before try %d", i + 1).isGreaterThanOrEqualTo(FIRST_DELAY_MS << (i - 1));
        }
    }

    @Test
    void aToolThatRanOutOfItsOwnRetriesGoesStraightToTheDeadLetters() throws Exception {
        stages.rounds(List.of(List.of(0))).fail("executeStage.runStep 0",
                () -> new ToolRetriesExhausted("inventory.lookup refused 3 times", 3, new IllegalStateException("500")));
        expect(DEAD_LETTER, 1);
        expect(FAIL, 0);

        run();

        assertThat(stages.journal).containsOnlyOnce("executeStage.runStep 0");
        MockEndpoint.assertIsSatisfied(context);
        assertThat(getMockEndpoint(DEAD_LETTER).getExchanges().get(0).getProperty(Headers.ATTEMPTS)).isNull();
    }

    @Test
    void aToolThatIsDownPutsTheTaskAsideLikeARateLimitWithoutRetryOrDeadLetter() throws Exception {
        stages.rounds(List.of(List.of(0))).fail("executeStage.runStep 0",
                () -> new ToolUnavailable("orders.place is unavailable (HTTP 503)", Duration.ofSeconds(10)));
        expect(DEAD_LETTER, 0);
        expect(FAIL, 0);

        run();

        assertThat(stages.journal).containsOnlyOnce("executeStage.runStep 0", "taskDeferrals.defer");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aUsedUpRateLimitPutsTheStepAsideWithoutRetryOrFailure() throws Exception {
        stages.rounds(List.of(List.of(0, 1))).fail("stepGate.admit 1",
                () -> new RateLimited("tool inventory.lookup: no token for 30 s", Duration.ofSeconds(30)));
        expect(DEAD_LETTER, 0);
        expect(FAIL, 0);

        run();

        assertThat(stages.journal).containsOnlyOnce("stepGate.admit 1", "taskDeferrals.defer")
                .contains("executeStage.runStep 0")
                .doesNotContain("executeStage.runStep 1");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void anUnavailableDatabaseIsRetriedThenTheTaskIsLeftForTheSweeper() throws Exception {
        stages.fail("planStage.plan", () -> new StoreUnavailableException(new SQLException("connection refused", "08001")));
        expect(DEAD_LETTER, 0);
        expect(FAIL, 0);
        expect(PUBLISH, 0);

        run();

        assertThat(stages.journal.stream().filter("planStage.plan"::equals)).hasSize(1 + REDELIVERIES);
        assertThat(stages.journal).doesNotContain("policyStage.check").endsWith("taskFinisher.release");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aLostLeaseStopsTheTaskHere() throws Exception {
        stages.fail("policyStage.check", () -> new LeaseLostException("t-1", "worker-a"));
        expect(DEAD_LETTER, 0);
        expect(FAIL, 0);
        expect(PUBLISH, 0);

        run();

        assertThat(stages.journal).containsOnlyOnce("policyStage.check").doesNotContain("executeStage.begin");
        MockEndpoint.assertIsSatisfied(context);
    }

    /** Queues task t-1 as intake does and waits until the pipeline and its completion have run. */
    private void run() throws Exception {
        if (!context.isStarted()) {
            // The queue becomes a direct endpoint: no poll interval between the test and the route.
            AdviceWith.adviceWith(context, "pipeline", route -> route.replaceFromWith(QUEUE));
            context.start();
        }
        NotifyBuilder done = new NotifyBuilder(context).fromRoute("pipeline").whenDone(1).create();
        template.sendBody(QUEUE, "t-1");
        assertThat(done.matches(10, TimeUnit.SECONDS)).as("the pipeline finished the task").isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> stages.journal.contains("taskFinisher.release"));
    }

    private void expect(String mock, int count) {
        MockEndpoint endpoint = getMockEndpoint(mock);
        endpoint.expectedMessageCount(count);
        endpoint.setSleepForEmptyTest(0); // run() has waited for the task already
    }

    private List<Long> timesOf(String call) {
        return java.util.stream.IntStream.range(0, stages.journal.size())
                .filter(i -> stages.journal.get(i).equals(call)).mapToObj(stages.times::get).toList();
    }
}
