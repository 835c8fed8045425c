package dev.kortana.routes.maintenance;

import dev.kortana.processors.maintenance.MaintenanceRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;

/**
 * Maintenance runs as meters on {@code /observe/metrics}: {@code kortana_maintenance_runs_total{job,outcome}} (ok,
 * failed, skipped when another instance held the lock), {@code kortana_maintenance_items_total{job}} (the sum of a run's
 * counts: rows merged, archived, deleted…) and {@code kortana_maintenance_duration_seconds{job}} of the runs that ran.
 */
public class MaintenanceMetrics implements Consumer<MaintenanceRun> {

    private final CamelContext context;
    private volatile MeterRegistry registry;

    public MaintenanceMetrics(CamelContext context) {
        this.context = context;
    }

    /** Counts the run and hands it on, so a route's body stays the run. */
    public MaintenanceRun record(MaintenanceRun run) {
        accept(run);
        return run;
    }

    @Override
    public void accept(MaintenanceRun run) {
        MeterRegistry meters = registry();
        Counter.builder("kortana.maintenance.runs").description("Maintenance job runs, by how they ended")
                .tag("job", run.job()).tag("outcome", run.outcome()).register(meters).increment();
        if (MaintenanceRun.SKIPPED.equals(run.outcome())) {
            return;
        }
        Counter.builder("kortana.maintenance.items").description("Rows a maintenance job merged, archived, restored or deleted")
                .tag("job", run.job()).register(meters).increment(run.items());
        Timer.builder("kortana.maintenance.duration").description("How long maintenance runs took")
                .tag("job", run.job()).register(meters).record(Duration.ofMillis(run.durationMs()));
    }

    private MeterRegistry registry() {
        if (registry == null) {
            MeterRegistry found = context.getRegistry().findSingleByType(MeterRegistry.class);
            registry = found != null ? found : new SimpleMeterRegistry();
        }
        return registry;
    }
}
