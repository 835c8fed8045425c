package dev.kortana.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.contracts.Json;
import dev.kortana.processors.approval.Approval;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.RouteTestSupport;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/**
 * Approval events with Kafka on: a request is published to the approvals topic under the task id, without its
 * arguments; the timeout timer's work runs on each tick, and a failing tick is logged and tried again next period.
 */
class ApprovalEventsRouteTest extends RouteTestSupport {

    private static final String TIMER = "direct:approval-timeouts-tick";

    private final AtomicInteger ticks = new AtomicInteger();
    private volatile boolean tickFails;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("kortana.kafka.brokers", "127.0.0.1:1"); // never dialled: the producer is advised away
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        // Only the JSON of an event is real here; the store-backed timeout work is stood in for.
        registry.bind("approvalEvents", new ApprovalEvents(null, null, null) {
            @Override
            public void applyTimeouts() {
                ticks.incrementAndGet();
                if (tickFails) {
                    throw new IllegalStateException("database restarting");
                }
            }
        });
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new ApprovalEventsRoute();
    }

    @Test
    void aRequestIsPublishedUnderItsTaskIdWithoutItsArguments() throws Exception {
        start();
        MockEndpoint kafka = getMockEndpoint("mock:approvals");
        kafka.expectedMessageCount(1);
        kafka.expectedHeaderReceived(KafkaConstants.KEY, "t-1");

        template.sendBody(Endpoints.APPROVAL_EVENTS, request());

        MockEndpoint.assertIsSatisfied(context);
        var event = Json.MAPPER.readTree(kafka.getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(event.path("type").asText()).isEqualTo("approval.requested");
        assertThat(event.path("argsHash").asText()).isEqualTo("hash-1");
        assertThat(event.path("decide").asText()).isEqualTo("/api/approvals/t-1");
        assertThat(event.has("args")).as("arguments stay behind the API").isFalse();
    }

    @Test
    void aPublishTheBrokerRefusesGoesBackToTheCallerToLogOnce() throws Exception {
        start();
        getMockEndpoint("mock:approvals").whenAnyExchangeReceived(e -> {
            throw new IllegalStateException("broker down");
        });

        assertThatThrownBy(() -> template.sendBody(Endpoints.APPROVAL_EVENTS, request()))
                .hasRootCauseMessage("broker down");
    }

    @Test
    void aFailingTimeoutTickIsLoggedAndTheNextOneRuns() throws Exception {
        start();
        tickFails = true;

        template.sendBody(TIMER, null); // handled: the caller (the timer) sees no exception
        tickFails = false;
        template.sendBody(TIMER, null);

        assertThat(ticks.get()).isEqualTo(2);
    }

    private void start() throws Exception {
        AdviceWith.adviceWith(context, "approval-events", route -> route.weaveByToUri("kafka:*").replace().to("mock:approvals"));
        AdviceWith.adviceWith(context, "approval-timeouts", route -> route.replaceFromWith(TIMER));
        context.start();
    }

    private static Approval request() {
        Instant now = Instant.now();
        return new Approval(7, "t-1", "acme", 0, "stock.reserve", Json.MAPPER.createObjectNode().put("sku", "A-1"), "hash-1",
                "v1", "irreversible-needs-approval", "irreversible", "approver", Approval.PENDING, now,
                now.plusSeconds(3600), "REJECT", null, 600_000, null, null, null, null);
    }
}
