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

/** The store counts are refreshed through their bean each period, and a refresh that throws is handled. */
class StoreCountsRouteTest extends RouteTestSupport {

    private final AtomicInteger refreshes = new AtomicInteger();
    private volatile boolean fail;

    /** Stands in for {@code StoreCounts}: the route only calls refresh(). */
    public class Counts {
        public void refresh() {
            refreshes.incrementAndGet();
            if (fail) {
                throw new IllegalStateException("no database");
            }
        }
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("storeCounts", new Counts());
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new StoreCountsRoute()};
    }

    @BeforeEach
    void replaceTheTimer() throws Exception {
        AdviceWith.adviceWith(context, "store-counts", r -> r.replaceFromWith("direct:tick"));
        context.start();
    }

    @Test
    void eachPeriodRefreshesOnceAndAFailedRefreshIsHandled() {
        template.sendBody("direct:tick", null);
        fail = true;
        Exchange failed = template.send("direct:tick", e -> { });

        assertThat(refreshes).hasValue(2);
        assertThat(failed.getException()).as("handled: the next period refreshes again").isNull();
    }
}
