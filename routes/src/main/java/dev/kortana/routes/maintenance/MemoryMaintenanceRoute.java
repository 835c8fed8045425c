package dev.kortana.routes.maintenance;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * The scheduled maintenance of memory and the task tables, one timer route per job: each calls its job on the
 * {@code maintenanceJobs} bean (which takes the job's lock, so one instance runs it, and records the run), counts the
 * run in {@code maintenanceMetrics} and logs what a run that ran did. Periods and thresholds are
 * {@code kortana.memory.maintenance.*}; {@code kortana.memory.maintenance.enabled=false} starts none of them, but the
 * repair of a broken memory index ({@code kortana.memory.index-repair-ms}) always runs.
 */
public class MemoryMaintenanceRoute extends RouteBuilder {

    @Override
    public void configure() {
        job("memory-dedup", "dedup-ms", "dedup");
        job("memory-retention", "retention-ms", "retention");
        job("memory-archive", "archive-ms", "archive");
        job("table-vacuum", "vacuum-ms", "vacuum");
        job("task-history-pruning", "prune-ms", "pruneTaskHistory");
        job("maintenance-runs-retention", "runs-retention-ms", "pruneRuns");
        // Every instance checks its own index; the first check waits a period, since the start has just synced it.
        from("timer:memory-index-check?period={{kortana.memory.maintenance.index-check-ms}}"
                        + "&delay={{kortana.memory.maintenance.index-check-ms}}")
                .routeId("memory-index-check")
                .autoStartup("{{kortana.memory.maintenance.enabled}}")
                .bean("maintenanceJobs", "indexCheck")
                .bean("maintenanceMetrics", "record")
                .filter(simple("${body.counts[rebuilt]} > 0"))
                    .log(LoggingLevel.INFO, "Maintenance: ${body}")
                .end();
        // A memory index that could not be written (a full disk) is mended as soon as it can be; not optional, so
        // kortana.memory.maintenance.enabled does not turn it off.
        from("timer:memory-index-repair?period={{kortana.memory.index-repair-ms}}")
                .routeId("memory-index-repair")
                .filter(method("memoryIndex", "broken"))
                    .bean("maintenanceJobs", "indexRepair")
                    .bean("maintenanceMetrics", "record")
                    .log(LoggingLevel.INFO, "Maintenance: ${body}")
                .end();
    }

    private void job(String routeId, String periodKey, String method) {
        from("timer:" + routeId + "?period={{kortana.memory.maintenance." + periodKey + "}}"
                        + "&delay={{kortana.memory.maintenance.delay-ms}}")
                .routeId(routeId)
                .autoStartup("{{kortana.memory.maintenance.enabled}}")
                .bean("maintenanceJobs", method)
                .bean("maintenanceMetrics", "record")
                .filter(simple("${body.outcome} != 'skipped'"))
                    .log(LoggingLevel.INFO, "Maintenance: ${body}")
                .end();
    }
}
