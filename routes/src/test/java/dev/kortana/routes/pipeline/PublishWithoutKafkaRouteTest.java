package dev.kortana.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.Channel;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.RouteTestSupport;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing with Kafka off ({@code kortana.kafka.brokers} empty): a task that came by Kafka before is finished without
 * an attempt to reach a broker, and no Kafka route or endpoint exists. {@link PublishRouteTest} has Kafka on.
 */
class PublishWithoutKafkaRouteTest extends RouteTestSupport {

    @TempDir
    Path dataDir;
    private final FakeEndings endings = new FakeEndings();

    @Override
    protected Map<String, String> overrides() {
        return Map.of("kortana.data-dir", dataDir.toString(), "kortana.kafka.brokers", "");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        endings.bind(registry);
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new ErrorHandlingConfiguration(), new PublishRoute()};
    }

    @Test
    void aKafkaTaskIsFinishedWithoutPublishingWhileKafkaIsOff() {
        context.start();

        Exchange done = template.send(Endpoints.PUBLISH, e -> {
            e.setProperty(Headers.RUN, FakeEndings.completed(Channel.KAFKA, "order-7"));
            e.setProperty(Headers.TASK_ID, FakeEndings.TASK_ID);
        });

        assertThat(done.getException()).isNull();
        assertThat(endings.journal).containsExactly("taskFinisher.finish COMPLETED", "taskMetrics.finished COMPLETED");
        assertThat(context.getRoute("publish-kafka-prepare")).isNull();
        assertThat(context.getRoute("publish-kafka")).isNull();
        assertThat(context.getEndpoints()).noneMatch(endpoint -> endpoint.getEndpointUri().startsWith("kafka:"));
        assertThat(dataDir.resolve("outbox")).doesNotExist();
    }
}
