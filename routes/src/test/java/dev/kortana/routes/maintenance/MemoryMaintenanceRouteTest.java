package dev.kortana.routes.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.maintenance.MaintenanceRun;
import dev.kortana.routes.RouteTestSupport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The maintenance timers, each tick sent by hand: which job each route runs, and that every run is counted. */
class MemoryMaintenanceRouteTest extends RouteTestSupport {

    private static final List<String> ROUTES = List.of("memory-dedup", "memory-retention", "memory-archive", "table-vacuum",
            "task-history-pruning", "maintenance-runs-retention", "memory-index-check", "memory-index-repair");

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile String outcome = MaintenanceRun.OK;
    private volatile boolean indexBroken;

    /** Stands in for MaintenanceJobs: records the method called and answers a run of that name. */
    public class Jobs {
        public MaintenanceRun dedup() {
            return ran("dedup");
        }

        public MaintenanceRun retention() {
            return ran("retention");
        }

        public MaintenanceRun archive() {
            return ran("archive");
        }

        public MaintenanceRun vacuum() {
            return ran("vacuum");
        }

        public MaintenanceRun pruneTaskHistory() {
            return ran("pruneTaskHistory");
        }

        public MaintenanceRun pruneRuns() {
            return ran("pruneRuns");
        }

        public MaintenanceRun indexCheck() {
            return ran("indexCheck");
        }

        public MaintenanceRun indexRepair() {
            return ran("indexRepair");
        }

        private MaintenanceRun ran(String job) {
            calls.add(job);
            return new MaintenanceRun(job, "node-1", outcome, outcome.equals(MaintenanceRun.SKIPPED) ? Map.of() : Map.of("rebuilt", 1L),
                    Instant.now(), 5, null);
        }
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("maintenanceJobs", new Jobs());
        registry.bind("memoryIndex", new Object() {
            public boolean broken() {
                return indexBroken;
            }
        });
        registry.bind("maintenanceMetrics", new Object() {
            public MaintenanceRun record(MaintenanceRun run) {
                calls.add("metric " + run.job() + " " + run.outcome());
                return run;
            }
        });
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new MemoryMaintenanceRoute();
    }

    @BeforeEach
    void start() throws Exception {
        for (String route : ROUTES) {
            AdviceWith.adviceWith(context, route, r -> r.replaceFromWith("direct:" + route));
        }
        context.start();
    }

    @ParameterizedTest
    @CsvSource({"memory-dedup, dedup", "memory-retention, retention", "memory-archive, archive", "table-vacuum, vacuum",
            "task-history-pruning, pruneTaskHistory", "maintenance-runs-retention, pruneRuns", "memory-index-check, indexCheck"})
    void eachTimerRunsItsJobThenCountsTheRun(String route, String job) {
        template.sendBody("direct:" + route, null);

        assertThat(calls).containsExactly(job, "metric " + job + " ok");
    }

    @Test
    void theRepairTimerRunsTheRepairOnlyWhileTheIndexIsBroken() {
        template.sendBody("direct:memory-index-repair", null);
        assertThat(calls).isEmpty();

        indexBroken = true;
        template.sendBody("direct:memory-index-repair", null);
        assertThat(calls).containsExactly("indexRepair", "metric indexRepair ok");
    }

    @Test
    void aRunAnotherInstanceHeldIsCountedAsSkipped() {
        outcome = MaintenanceRun.SKIPPED;

        template.sendBody("direct:memory-dedup", null);

        assertThat(calls).containsExactly("dedup", "metric dedup skipped");
    }

    @Test
    void everyJobHasARouteAndTheShippedSettingsStartThem() {
        assertThat(context.getRoutes()).extracting(r -> r.getRouteId()).containsExactlyInAnyOrderElementsOf(ROUTES);
        assertThat(context.getPropertiesComponent().resolveProperty("kortana.memory.maintenance.enabled")).contains("true");
    }
}
