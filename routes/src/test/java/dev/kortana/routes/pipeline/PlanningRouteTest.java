package dev.kortana.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.routes.RouteTestSupport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The planning history's lifecycle timer, its tick sent by hand. */
class PlanningRouteTest extends RouteTestSupport {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("planningPrune", new Object() {
            public int prune() {
                calls.add("prune");
                return 0;
            }
        });
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new PlanningRoute();
    }

    @BeforeEach
    void start() throws Exception {
        AdviceWith.adviceWith(context, "planning-prune", r -> r.replaceFromWith("direct:planning-prune"));
        context.start();
    }

    @Test
    void eachTickPrunesOldToolMetricsAndStaleEpisodesOnce() {
        template.sendBody("direct:planning-prune", null);

        assertThat(calls).containsExactly("prune");
    }
}
