package dev.kortana.routes.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.routes.RouteTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The housekeeping timers, each tick sent by hand: what each one calls, with which arguments. */
class MaintenanceRouteTest extends RouteTestSupport {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("spendStore", new Object() {
            public int releaseExpired(int limit) {
                calls.add("releaseExpired " + limit);
                return 2;
            }
        });
        registry.bind("budgetSlices", new Object() {
            public int returnIdleFor(long periodMs) {
                calls.add("returnIdleFor " + periodMs);
                return 1;
            }
        });
        registry.bind("policyReloads", new Object() {
            public void reload() {
                calls.add("reload");
            }
        });
        registry.bind("rateLimits", new Object() {
            public void forgetIdle(Duration idle) {
                calls.add("forgetIdle " + idle);
            }
        });
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new MaintenanceRoute();
    }

    @BeforeEach
    void start() throws Exception {
        for (String route : List.of("budget-reaper", "policy-reload", "rate-bucket-cleanup")) {
            AdviceWith.adviceWith(context, route, r -> r.replaceFromWith("direct:" + route));
        }
        context.start();
    }

    @Test
    void theBudgetReaperGivesBackExpiredReservationsInBatchesOfAThousandThenWhatIdleSlicesDidNotUse() {
        template.sendBody("direct:budget-reaper", null);

        assertThat(calls).containsExactly("releaseExpired 1000", "returnIdleFor " + context.resolvePropertyPlaceholders("{{kortana.models.reaper-ms}}"));
    }

    @Test
    void thePolicyTimerReloadsTheBook() {
        template.sendBody("direct:policy-reload", null);

        assertThat(calls).containsExactly("reload");
    }

    @Test
    void rateBucketsIdleForAnHourAreForgotten() {
        template.sendBody("direct:rate-bucket-cleanup", null);

        assertThat(calls).containsExactly("forgetIdle PT1H");
    }
}
