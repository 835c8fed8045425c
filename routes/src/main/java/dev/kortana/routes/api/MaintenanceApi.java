package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.maintenance.MaintenanceJobs;
import dev.kortana.processors.maintenance.MaintenanceRun;
import dev.kortana.routes.access.ApiAccess;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.Exchange;

/**
 * Maintenance over HTTP (admin): archive cold memories now, restore the archive, and the recent runs of every job. An
 * archive or restore runs as the scheduled job does (one instance at a time, recorded, counted) and is audited
 * ({@code memory-archived}, {@code memory-restored}) with the counts, never a memory's content.
 */
public class MaintenanceApi {

    private static final int MAX_LIMIT = 200;

    private final MaintenanceJobs jobs;
    private final Consumer<MaintenanceRun> metrics;
    private final AuditTrail audit;

    public MaintenanceApi(MaintenanceJobs jobs, Consumer<MaintenanceRun> metrics, AuditTrail audit) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.audit = audit;
    }

    /** POST /api/maintenance/archive[?olderThan=90d|P90D]: archives what is cold now; 200 with the run. */
    public void archive(Exchange exchange) {
        String olderThan = exchange.getMessage().getHeader("olderThan", String.class);
        MaintenanceRun run = olderThan == null || olderThan.isBlank() ? jobs.archive() : jobs.archive(duration(olderThan));
        answer(exchange, run, "memory-archived", olderThan == null ? Map.of() : Map.of("olderThan", olderThan.trim()));
    }

    /** POST /api/maintenance/restore[?tenant=T]: brings the archive (of one tenant) back; 200 with the run. */
    public void restore(Exchange exchange) {
        String tenant = exchange.getMessage().getHeader("tenant", String.class);
        tenant = tenant == null || tenant.isBlank() ? null : tenant.trim();
        answer(exchange, jobs.restore(tenant), "memory-restored", tenant == null ? Map.of() : Map.of("tenant", tenant));
    }

    /** GET /api/maintenance/runs[?job=&limit=]: the latest runs, newest first. */
    public void runs(Exchange exchange) {
        String job = exchange.getMessage().getHeader("job", String.class);
        int limit = Requests.limit(exchange.getMessage().getHeader("limit", String.class), 50, MAX_LIMIT);
        List<MaintenanceRun> runs = jobs.runs().recent(job == null || job.isBlank() ? null : job.trim(), limit);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("count", runs.size());
        ArrayNode items = body.putArray("runs");
        runs.forEach(run -> items.add(view(run)));
        JsonAnswer.write(exchange, 200, body);
    }

    private void answer(Exchange exchange, MaintenanceRun run, String auditKind, Map<String, String> asked) {
        metrics.accept(run);
        if (MaintenanceRun.SKIPPED.equals(run.outcome())) {
            Problems.write(exchange, 409, "Already running", run.job() + " is running on another instance now; try again"
                    + " when it has finished (GET /api/maintenance/runs shows it)", null);
            return;
        }
        if (MaintenanceRun.FAILED.equals(run.outcome())) {
            Problems.write(exchange, 503, "Maintenance failed", run.job() + " failed: " + run.error(), null);
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>(asked);
        detail.putAll(run.counts());
        audit.append(auditKind, null, ApiAccess.principal(exchange).keyId(), detail);
        JsonAnswer.write(exchange, 200, view(run));
    }

    static ObjectNode view(MaintenanceRun run) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("job", run.job());
        item.put("node", run.node());
        item.put("outcome", run.outcome());
        item.set("counts", Json.MAPPER.valueToTree(new java.util.TreeMap<>(run.counts())));
        item.put("startedAt", run.startedAt().toString());
        item.put("durationMs", run.durationMs());
        if (run.error() != null) {
            item.put("error", run.error());
        }
        return item;
    }

    /** {@code 90d} (days) or an ISO-8601 duration such as {@code P90D} or {@code PT12H}. */
    static Duration duration(String text) {
        String t = text.trim();
        try {
            Duration d = t.matches("\\d+d") ? Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1))) : Duration.parse(t);
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // answered below
        }
        throw ContractViolation.of("olderThan", "'" + t + "' is not a duration", "write days as 90d, or ISO-8601 as P90D or PT12H");
    }
}
