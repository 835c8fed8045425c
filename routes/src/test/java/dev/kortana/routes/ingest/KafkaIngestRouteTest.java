package dev.kortana.routes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.intake.TaskIds;
import dev.kortana.processors.store.StoreUnavailableException;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.RouteTestSupport;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kafka channel without a broker: the consumer becomes a direct endpoint fed records with their Kafka headers and
 * a stand-in {@link KafkaManualCommit}; intake is a mock answered by {@link FakeIntake}, the dead-letter topic a mock.
 * Shows that the offset is committed only once the task is stored or the record dead-lettered, never when the store
 * fails.
 */
class KafkaIngestRouteTest extends RouteTestSupport {

    private static final String RECORDS = "direct:records";
    private static final String INTAKE = "mock:intake";
    private static final String DLQ = "mock:dead-letter-topic";
    private static final String TOPIC = "kortana.tasks";
    private static final long OFFSET = 42;
    private static final long TIMESTAMP = 1_790_000_000_000L;

    private final FakeIntake intake = new FakeIntake();
    /** Intake, the dead-letter topic and the commit, in the order they happened. */
    private final List<String> journal = new CopyOnWriteArrayList<>();

    @Override
    protected Map<String, String> overrides() {
        return Map.of("kortana.kafka.brokers", "localhost:9092"); // on; never contacted
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new KafkaIngestRoute();
    }

    @BeforeEach
    void replaceTheBrokerAndIntake() throws Exception {
        AdviceWith.adviceWith(context, "ingest-kafka", route -> {
            route.replaceFromWith(RECORDS);
            route.weaveByToUri(Endpoints.INTAKE).replace().to(INTAKE);
            route.weaveByToUri("kafka:*").replace().to(DLQ);
        });
        context.start();
        getMockEndpoint(INTAKE).whenAnyExchangeReceived(e -> {
            journal.add("intake");
            intake.process(e);
        });
        getMockEndpoint(DLQ).whenAnyExchangeReceived(e -> journal.add("dead-letter topic"));
    }

    @Test
    void handsARecordToIntakeWithItsCoordinatesThenCommitsItsOffset() throws Exception {
        byte[] value = "{\"goal\":\"check stock\"}".getBytes(StandardCharsets.UTF_8);

        Exchange done = consume("order-7", value);

        assertThat(done.getException()).isNull();
        assertThat(journal).containsExactly("intake", "commit");
        assertThat(intake.received).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo("KAFKA");
            assertThat(r.sourceRef()).isEqualTo(TOPIC + "-3@" + OFFSET);
            assertThat(r.replyKey()).as("outcomes are keyed like the record").isEqualTo("order-7");
            assertThat(r.fallbackId()).as("a redelivered record is the same task")
                    .isEqualTo(TaskIds.forRecord(TOPIC, 3, OFFSET, TIMESTAMP, value));
        });
    }

    @Test
    void deadLettersAContractViolationWithItsProblemsAndTheOriginalRecordThenCommits() throws Exception {
        MockEndpoint dlq = getMockEndpoint(DLQ);
        dlq.expectedMessageCount(1);
        byte[] value = "{\"tenant\":\"acme\"}".getBytes(StandardCharsets.UTF_8);

        Exchange done = consume("order-8", value);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(done.getException()).as("handled: the consumer moves on").isNull();
        assertThat(journal).containsExactly("intake", "dead-letter topic", "commit");
        Exchange record = dlq.getReceivedExchanges().get(0);
        assertThat(record.getMessage().getBody(byte[].class)).as("the record as it came").isEqualTo(value);
        assertThat(record.getMessage().getHeaders())
                .containsEntry(Headers.KAFKA_ERROR_FIELDS, "/goal")
                .containsEntry(Headers.KAFKA_ERROR_FIXES, "/goal: add the required field /goal")
                .containsEntry(KafkaConstants.KEY, "order-8")
                .doesNotContainKeys(Headers.CHANNEL, Headers.SOURCE_REF, Headers.REPLY_KEY, Headers.FALLBACK_ID);
        assertThat(record.getMessage().getHeader(Headers.KAFKA_ERROR, String.class)).startsWith("/goal: ");
    }

    @Test
    void aTaskIdTakenByAnotherBodyIsDeadLetteredLikeAnyContractViolation() throws Exception {
        intake.fails(() -> new IntakeProcessor.IdConflict("order-9"));
        getMockEndpoint(DLQ).expectedHeaderReceived(Headers.KAFKA_ERROR_FIELDS, "/id");

        consume("order-9", "{\"id\":\"order-9\",\"goal\":\"check stock\"}".getBytes(StandardCharsets.UTF_8));

        MockEndpoint.assertIsSatisfied(context);
        assertThat(journal).containsExactly("intake", "dead-letter topic", "commit");
    }

    @Test
    void aStoreFailureStopsTheConsumerAtTheRecordWithoutCommitting() throws Exception {
        intake.fails(() -> new StoreUnavailableException(new SQLException("connection refused", "08001")));
        MockEndpoint dlq = getMockEndpoint(DLQ);
        dlq.expectedMessageCount(0);
        dlq.setSleepForEmptyTest(0); // the record has been handled by now

        Exchange done = consume("order-10", "{\"goal\":\"check stock\"}".getBytes(StandardCharsets.UTF_8));

        MockEndpoint.assertIsSatisfied(context);
        assertThat(done.getException()).as("the consumer sees the failure and, breaking on it, reads the record again")
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(journal).containsExactly("intake");
    }

    @Test
    void thereIsNoKafkaRouteWithoutBrokers() throws Exception {
        Properties off = new Properties();
        off.put("kortana.kafka.brokers", "");
        try (DefaultCamelContext plain = new DefaultCamelContext()) {
            plain.getPropertiesComponent().setLocation("classpath:application.properties");
            plain.getPropertiesComponent().setOverrideProperties(off);
            plain.addRoutes(new KafkaIngestRoute());

            assertThat(plain.getRouteDefinitions()).isEmpty();
        }
    }

    /** Hands one record of partition 3 at {@link #OFFSET} to the route, as the consumer would. */
    private Exchange consume(String key, byte[] value) {
        return template.request(RECORDS, e -> {
            e.getMessage().setBody(value);
            e.getMessage().setHeader(KafkaConstants.TOPIC, TOPIC);
            e.getMessage().setHeader(KafkaConstants.PARTITION, 3);
            e.getMessage().setHeader(KafkaConstants.OFFSET, OFFSET);
            e.getMessage().setHeader(KafkaConstants.TIMESTAMP, TIMESTAMP);
            e.getMessage().setHeader(KafkaConstants.KEY, key);
            e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, (KafkaManualCommit) () -> journal.add("commit"));
        });
    }
}
