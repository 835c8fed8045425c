package dev.kortana.routes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.observe.Heartbeats;
import dev.kortana.routes.RouteTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The heartbeat route beats through its bean each period, and a beat that throws is handled: the next one comes. */
class HeartbeatRouteTest extends RouteTestSupport {

    private final AtomicInteger beats = new AtomicInteger();
    private volatile boolean fail;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.put("kortana.heartbeat.interval-ms", "60000");
        return p;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("heartbeats", new Heartbeats(null, "n1", Duration.ofSeconds(5), Duration.ofHours(1), List::of) {
            @Override
            public void beat() {
                beats.incrementAndGet();
                if (fail) {
                    throw new IllegalStateException("no database");
                }
            }
        });
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new HeartbeatRoute()};
    }

    @BeforeEach
    void replaceTheTimer() throws Exception {
        AdviceWith.adviceWith(context, "heartbeat", r -> r.replaceFromWith("direct:beat"));
        context.start();
    }

    @Test
    void eachPeriodBeatsOnceAndAFailedBeatIsHandled() {
        template.sendBody("direct:beat", null);
        fail = true;
        Exchange failed = template.send("direct:beat", e -> { });

        assertThat(beats).hasValue(2);
        assertThat(failed.getException()).as("handled: the timer keeps beating").isNull();
    }
}
