package dev.kortana.routes.pipeline;

import static dev.kortana.routes.pipeline.FakeEndings.TASK_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.pipeline.PermanentFailure;
import dev.kortana.processors.pipeline.TaskRun;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.RouteTestSupport;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing with Kafka on: the choice on the task's channel (an outbox file in a temporary folder, the outcomes topic
 * as a mock, nothing for HTTP) before the task is finished, an outcome the broker refuses for a while sent again,
 * pipeline-fail recording a failure and publishing it, and the dead-letter choice between publishing a new failure
 * and only counting an outcome that could not be delivered. The beans that end tasks are stand-ins
 * ({@link FakeEndings}); {@link PublishWithoutKafkaRouteTest} has Kafka off.
 */
@Timeout(20) // a retry loop that never ends fails here instead of holding the build
class PublishRouteTest extends RouteTestSupport {

    private static final String OUTCOMES_TOPIC = "mock:outcomes-topic";
    private static final int REDELIVERIES = 2;

    @TempDir
    Path dataDir;
    private final FakeEndings endings = new FakeEndings();

    @Override
    protected Map<String, String> overrides() {
        return Map.of("kortana.data-dir", dataDir.toString(),
                "kortana.kafka.brokers", "localhost:9092", // on; never contacted
                "kortana.retry.max-redeliveries", String.valueOf(REDELIVERIES),
                "kortana.retry.initial-delay-ms", "5",
                "kortana.retry.max-delay-ms", "20");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        endings.bind(registry);
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new ErrorHandlingConfiguration(), new PublishRoute()};
    }

    @BeforeEach
    void replaceTheBroker() throws Exception {
        AdviceWith.adviceWith(context, "publish-kafka",
                route -> route.weaveByToUri("kafka:*").replace().to(OUTCOMES_TOPIC));
        context.start();
        getMockEndpoint(OUTCOMES_TOPIC).whenAnyExchangeReceived(e -> endings.journal.add("outcomes topic"));
    }

    @Test
    void writesTheOutcomeOfAFileTaskToTheOutboxThenFinishesTheTask() throws Exception {
        expectOnTopic(0);

        publish(FakeEndings.completed(Channel.FILE, null));

        MockEndpoint.assertIsSatisfied(context);
        Path outbox = dataDir.resolve("outbox");
        assertThat(outbox.toFile().list()).as("written under a temporary name, then renamed")
                .containsExactly(TASK_ID + ".json");
        JsonNode outcome = Json.MAPPER.readTree(outbox.resolve(TASK_ID + ".json").toFile());
        assertThat(outcome.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(outcome.path("result").asText()).isEqualTo("42 in stock");
        assertThat(endings.journal).containsExactly("taskFinisher.finish COMPLETED", "taskMetrics.finished COMPLETED");
    }

    @Test
    void sendsTheOutcomeOfAKafkaTaskToTheOutcomesTopicUnderTheRecordKeyThenFinishesTheTask() throws Exception {
        MockEndpoint topic = expectOnTopic(1);
        topic.expectedHeaderReceived(KafkaConstants.KEY, "order-7");
        topic.expectedHeaderReceived(Headers.KAFKA_TASK_ID, TASK_ID);
        topic.expectedHeaderReceived(Headers.KAFKA_STATUS, "COMPLETED");

        publish(FakeEndings.completed(Channel.KAFKA, "order-7"));

        MockEndpoint.assertIsSatisfied(context);
        Exchange record = topic.getReceivedExchanges().get(0);
        assertThat(record.getMessage().getHeaders()).as("only the record's own headers go to the broker")
                .containsOnlyKeys(KafkaConstants.KEY, Headers.KAFKA_TASK_ID, Headers.KAFKA_STATUS);
        String value = record.getMessage().getBody(String.class);
        assertThat(value).doesNotContain("\n");
        assertThat(Json.MAPPER.readTree(value).path("taskId").asText()).isEqualTo(TASK_ID);
        assertThat(endings.journal).as("finished only once the broker has the outcome")
                .containsExactly("outcomes topic", "taskFinisher.finish COMPLETED", "taskMetrics.finished COMPLETED");
        assertThat(dataDir.resolve("outbox")).doesNotExist();
    }

    @Test
    void onlyFinishesAnHttpTaskWhoseCallerReadsTheOutcome() throws Exception {
        expectOnTopic(0);

        publish(FakeEndings.completed(Channel.HTTP, null));

        MockEndpoint.assertIsSatisfied(context);
        assertThat(dataDir.resolve("outbox")).doesNotExist();
        assertThat(endings.journal).containsExactly("taskFinisher.finish COMPLETED", "taskMetrics.finished COMPLETED");
    }

    @Test
    void anOutcomeTheBrokerRefusesForAWhileIsSentAgainThenTheTaskIsFinished() throws Exception {
        AtomicInteger refusals = new AtomicInteger(REDELIVERIES);
        MockEndpoint topic = getMockEndpoint(OUTCOMES_TOPIC);
        topic.whenAnyExchangeReceived(e -> {
            endings.journal.add("outcomes topic");
            if (refusals.getAndDecrement() > 0) {
                throw new IllegalStateException("broker unavailable");
            }
        });

        Exchange done = publish(FakeEndings.completed(Channel.KAFKA, "order-7"));

        assertThat(done.getException()).isNull();
        assertThat(endings.journal).containsExactly("outcomes topic", "outcomes topic", "outcomes topic",
                "taskFinisher.finish COMPLETED", "taskMetrics.finished COMPLETED");
        assertThat(topic.getReceivedExchanges()).as("each try is a whole record")
                .allSatisfy(record -> assertThat(record.getMessage().getHeader(KafkaConstants.KEY))
                        .isEqualTo("order-7"));
    }

    @Test
    void anOutcomeTheBrokerKeepsRefusingIsTriedAsOftenAsTheSettingsSayThenDeadLettered() throws Exception {
        getMockEndpoint(OUTCOMES_TOPIC).whenAnyExchangeReceived(e -> {
            endings.journal.add("outcomes topic");
            throw new IllegalStateException("record too large");
        });

        publish(FakeEndings.completed(Channel.KAFKA, "order-7"));

        assertThat(endings.journal).containsExactly("outcomes topic", "outcomes topic", "outcomes topic",
                "taskFailures.recordDeadLetter", "taskMetrics.finished COMPLETED");
    }

    @Test
    void aFailedTaskIsRecordedThenPublishedOnItsChannel() throws Exception {
        TaskRun run = FakeEndings.running(Channel.FILE, null);

        template.send(Endpoints.FAIL_TASK, e -> {
            e.setProperty(Headers.RUN, run);
            e.setProperty(Headers.TASK_ID, TASK_ID);
            e.setProperty(Exchange.EXCEPTION_CAUGHT, new PermanentFailure(TaskStatus.FAILED, "no tool can do this"));
        });

        assertThat(endings.journal).containsExactly("taskFailures.recordFailure", "taskFinisher.finish FAILED",
                "taskMetrics.finished FAILED");
        JsonNode outcome = Json.MAPPER.readTree(dataDir.resolve("outbox/" + TASK_ID + ".json").toFile());
        assertThat(outcome.path("reason").asText()).isEqualTo("no tool can do this");
    }

    @Test
    void aDeadLetteredTaskWithoutAnOutcomeEndsFailedAndIsPublished() throws Exception {
        MockEndpoint topic = expectOnTopic(1);
        topic.expectedHeaderReceived(Headers.KAFKA_STATUS, "FAILED");

        deadLetter(FakeEndings.running(Channel.KAFKA, "order-7"));

        MockEndpoint.assertIsSatisfied(context);
        assertThat(endings.journal).containsExactly("taskFailures.recordDeadLetter", "outcomes topic",
                "taskFinisher.finish FAILED", "taskMetrics.finished FAILED");
    }

    @Test
    void aDeadLetteredOutcomeThatCouldNotBeDeliveredIsOnlyCounted() throws Exception {
        expectOnTopic(0);

        deadLetter(FakeEndings.completed(Channel.KAFKA, "order-7"));

        MockEndpoint.assertIsSatisfied(context);
        assertThat(endings.journal).containsExactly("taskFailures.recordDeadLetter", "taskMetrics.finished COMPLETED");
    }

    private Exchange publish(TaskRun run) {
        return template.send(Endpoints.PUBLISH, e -> {
            e.setProperty(Headers.RUN, run);
            e.setProperty(Headers.TASK_ID, TASK_ID);
        });
    }

    private void deadLetter(TaskRun run) {
        template.send(Endpoints.DEAD_LETTER, e -> {
            e.setProperty(Headers.RUN, run);
            e.setProperty(Headers.TASK_ID, TASK_ID);
            e.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("the model server is restarting"));
        });
    }

    private MockEndpoint expectOnTopic(int count) {
        MockEndpoint topic = getMockEndpoint(OUTCOMES_TOPIC);
        topic.expectedMessageCount(count);
        topic.setSleepForEmptyTest(0); // publishing is synchronous: it is over when the send returns
        return topic;
    }
}
