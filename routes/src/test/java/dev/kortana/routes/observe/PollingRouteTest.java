package dev.kortana.routes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.routes.RouteTestSupport;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each poll calls its bean once per period, and a poll that throws is handled: the next period polls again. */
class PollingRouteTest extends RouteTestSupport {

    private final AtomicInteger counts = new AtomicInteger();
    private final AtomicInteger checks = new AtomicInteger();
    private volatile boolean fail;

    /** Stands in for {@code StoreCounts} and {@code ToolHealth}: the routes call one method of each. */
    public class Polled {
        private final AtomicInteger calls;

        Polled(AtomicInteger calls) {
            this.calls = calls;
        }

        public void refresh() {
            poll();
        }

        public void checkAll() {
            poll();
        }

        private void poll() {
            calls.incrementAndGet();
            if (fail) {
                throw new IllegalStateException("no database");
            }
        }
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("storeCounts", new Polled(counts));
        registry.bind("toolHealth", new Polled(checks));
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new PollingRoute()};
    }

    @BeforeEach
    void replaceTheTimers() throws Exception {
        AdviceWith.adviceWith(context, "store-counts", r -> r.replaceFromWith("direct:counts"));
        AdviceWith.adviceWith(context, "tool-health", r -> r.replaceFromWith("direct:checks"));
        context.start();
    }

    @Test
    void eachPeriodPollsOnceAndAFailedPollIsHandled() {
        template.sendBody("direct:counts", null);
        template.sendBody("direct:checks", null);
        fail = true;
        Exchange failedCount = template.send("direct:counts", e -> { });
        Exchange failedCheck = template.send("direct:checks", e -> { });

        assertThat(counts).hasValue(2);
        assertThat(checks).hasValue(2);
        assertThat(failedCount.getException()).as("handled: the next period counts again").isNull();
        assertThat(failedCheck.getException()).as("handled: the next period checks again").isNull();
    }
}
