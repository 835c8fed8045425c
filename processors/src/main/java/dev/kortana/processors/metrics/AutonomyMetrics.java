package dev.kortana.processors.metrics;

import dev.kortana.processors.store.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How autonomous Kor'tana was over a window, computed from what the store keeps: the tasks created in the window that
 * have ended, the person's actions each had ({@code tasks.human_actions}), the incidents each met (task events and
 * failed model calls), and its policy's and the ledger's safety events.
 *
 * <ul>
 *   <li><b>Autonomy Index</b>: tasks completed with no human action ÷ tasks ended; also over the tasks policy did not
 *       send to a person (no {@code APPROVAL_REQUESTED}).</li>
 *   <li><b>Self-Healing Coverage</b>: incidents met by tasks that completed with no human action ÷ all incidents. An
 *       incident is a tool call retried ({@code TOOL_CALL_RETRIED}), a tool found down ({@code TOOL_UNAVAILABLE}), a
 *       lease taken over from a stopped worker ({@code RECLAIMED}), a call of unknown outcome left to a person
 *       ({@code RECONCILIATION_NEEDED}), invalid plans that fell back to the offline planner ({@code PLAN_FALLBACK}), an
 *       outcome that could not be delivered ({@code OUTCOME_UNDELIVERED}), every model call that failed (not one the
 *       budget or the provider refused), and every dead letter (retries ran out); a tool outage counts once per task
 *       however often it put the task aside.</li>
 *   <li><b>Human-intervention frequency</b>: tasks with at least one human action ÷ tasks ended.</li>
 *   <li><b>Safety incidents</b>: policy denials ({@code POLICY_DENIED} events) and calls left for reconciliation.</li>
 * </ul>
 */
public class AutonomyMetrics {

    /** The task events that count as incidents. */
    public static final List<String> INCIDENT_EVENTS = List.of("TOOL_CALL_RETRIED", "TOOL_UNAVAILABLE", "RECLAIMED",
            "RECONCILIATION_NEEDED", "PLAN_FALLBACK", "OUTCOME_UNDELIVERED");

    /**
     * The groupings {@link #compute} takes besides none. {@code tool}: each tool a task's plan names (a task that used
     * two tools counts in both; one without a plan is {@code (no plan)}); {@code domain}: the part of those tool names
     * before the first dot ({@code orders} of {@code orders.place}, {@code http} of {@code http.request}).
     */
    public static final List<String> GROUPS = List.of("channel", "tenant", "tool", "domain");

    /** The counts of one group, and the ratios made of them. */
    public record Figures(long tasks, long completed, long autonomous, long notEscalated, long autonomousNotEscalated,
            long withHumanAction, long humanActions, long incidents, long healed, long policyDenials, long reconciliations) {

        /** Tasks completed with no human action ÷ tasks ended; null without tasks. */
        public Double autonomyIndex() {
            return ratio(autonomous, tasks);
        }

        /** The same over the tasks policy did not send to a person. */
        public Double autonomyIndexWithoutEscalations() {
            return ratio(autonomousNotEscalated, notEscalated);
        }

        /** Incidents met by tasks that completed with no human action ÷ incidents; null without incidents. */
        public Double selfHealingCoverage() {
            return ratio(healed, incidents);
        }

        /** Tasks with a human action ÷ tasks ended. */
        public Double humanInterventionFrequency() {
            return ratio(withHumanAction, tasks);
        }

        private static Double ratio(long part, long whole) {
            return whole == 0 ? null : (double) part / whole;
        }

        /** As the API and the daily report show it: the counts and the ratios (null where nothing counts). */
        public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
            var v = dev.kortana.contracts.Json.MAPPER.createObjectNode();
            v.put("tasks", tasks).put("completed", completed).put("completedWithoutHumanAction", autonomous);
            v.put("autonomyIndex", autonomyIndex()).put("autonomyIndexWithoutEscalations", autonomyIndexWithoutEscalations());
            v.put("incidents", incidents).put("incidentsHealed", healed).put("selfHealingCoverage", selfHealingCoverage());
            v.put("tasksWithHumanAction", withHumanAction).put("humanActions", humanActions)
                    .put("humanInterventionFrequency", humanInterventionFrequency());
            v.putObject("safetyIncidents").put("policyDenials", policyDenials).put("reconciliations", reconciliations);
            return v;
        }
    }

    private final Database db;

    public AutonomyMetrics(Database db) {
        this.db = db;
    }

    /** The last smoke check (a task whose id starts with {@code smoke-}) in a window: when, how long, whether it passed. */
    public record Smoke(Instant at, long durationMs, boolean passed) {}

    /**
     * Deployment Confidence: the newest {@code ./kortana smoke} task created in [{@code from}, {@code to}) of
     * {@code tenant} (null: any) that has ended, or empty when none ran.
     */
    public java.util.Optional<Smoke> lastSmoke(Instant from, Instant to, String tenant) {
        return db.queryOne("SELECT created_at, EXTRACT(EPOCH FROM updated_at - created_at) * 1000 AS ms, status FROM tasks"
                        + " WHERE client_id LIKE 'smoke-%' AND created_at >= ? AND created_at < ?"
                        + " AND status IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED')"
                        + (tenant == null ? "" : " AND tenant = ?") + " ORDER BY created_at DESC LIMIT 1",
                rs -> new Smoke(Database.instant(rs, "created_at"), rs.getLong("ms"), "COMPLETED".equals(rs.getString("status"))),
                tenant == null ? new Object[] {java.sql.Timestamp.from(from), java.sql.Timestamp.from(to)}
                        : new Object[] {java.sql.Timestamp.from(from), java.sql.Timestamp.from(to), tenant});
    }

    /** How long new knowledge took to become retrievable: facts stored, and the median, 95th percentile and worst. */
    public record Freshness(long facts, Double p50Ms, Double p95Ms, Long maxMs) {
    }

    /**
     * Knowledge Freshness of the tasks created in [{@code from}, {@code to}) (of {@code tenant}; null: all): from each
     * stored fact's {@code MEMORY_UPDATED} event, the time from the end of its task's validation until it could be
     * retrieved (committed and in the vector index).
     */
    public Freshness freshness(Instant from, Instant to, String tenant) {
        List<Object> params = new ArrayList<>(List.of(java.sql.Timestamp.from(from), java.sql.Timestamp.from(to)));
        if (tenant != null) {
            params.add(tenant);
        }
        return db.queryOne("WITH f AS (SELECT (e.detail ->> 'freshnessMs')::bigint AS ms FROM task_events e"
                        + " JOIN tasks t ON t.id = e.task_id WHERE t.created_at >= ? AND t.created_at < ?"
                        + (tenant == null ? "" : " AND t.tenant = ?")
                        + " AND e.name = 'MEMORY_UPDATED' AND e.detail ->> 'freshnessMs' IS NOT NULL)"
                        + " SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY ms),"
                        + " percentile_cont(0.95) WITHIN GROUP (ORDER BY ms), max(ms) FROM f",
                rs -> new Freshness(rs.getLong(1), (Double) rs.getObject(2), (Double) rs.getObject(3), (Long) rs.getObject(4)),
                params.toArray()).orElse(new Freshness(0, null, null, null));
    }

    /** Tasks created in [{@code from}, {@code to}) that have not ended (the figures leave them out). */
    public long stillOpen(Instant from, Instant to) {
        return db.queryOne("SELECT count(*) FROM tasks WHERE created_at >= ? AND created_at < ?"
                        + " AND status NOT IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED')",
                rs -> rs.getLong(1), java.sql.Timestamp.from(from), java.sql.Timestamp.from(to)).orElse(0L);
    }

    /**
     * The figures of tasks created in [{@code from}, {@code to}) that have ended, of {@code tenant} (null: every
     * tenant), as one group keyed {@code "all"} or grouped by {@code by} (one of {@link #GROUPS}).
     */
    public Map<String, Figures> compute(Instant from, Instant to, String tenant, String by) {
        if (by != null && !GROUPS.contains(by)) {
            throw new IllegalArgumentException("by must be one of " + GROUPS + ", not " + by);
        }
        // Which group (or groups) each task is counted in.
        String membership = switch (by == null ? "all" : by) {
            case "all" -> "SELECT id AS task_id, 'all' AS grp FROM t";
            case "tool", "domain" -> "SELECT DISTINCT t.id AS task_id, coalesce("
                    + ("tool".equals(by) ? "step ->> 'tool'" : "split_part(step ->> 'tool', '.', 1)") + ", '(no plan)') AS grp"
                    + " FROM t LEFT JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(t.plan) = 'array' THEN t.plan"
                    + " ELSE '[]'::jsonb END) AS step ON true";
            default -> "SELECT id AS task_id, " + by + " AS grp FROM t";
        };
        String incidentNames = String.join(", ", INCIDENT_EVENTS.stream().map(n -> "'" + n + "'").toList());
        List<Object> params = new ArrayList<>(List.of(java.sql.Timestamp.from(from), java.sql.Timestamp.from(to)));
        if (tenant != null) {
            params.add(tenant);
        }
        String sql = "WITH t AS (SELECT id, tenant, channel, status, human_actions, plan FROM tasks"
                + " WHERE created_at >= ? AND created_at < ? AND status IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED')"
                + (tenant == null ? "" : " AND tenant = ?") + "),"
                // A tool outage is one incident per task however often the task was put aside for it.
                + " e AS (SELECT task_id, count(*) FILTER (WHERE name IN (" + incidentNames + ") AND name <> 'TOOL_UNAVAILABLE')"
                + " + (bool_or(name = 'TOOL_UNAVAILABLE'))::int AS incidents,"
                + " bool_or(name = 'APPROVAL_REQUESTED') AS escalated,"
                + " count(*) FILTER (WHERE name = 'POLICY_DENIED') AS denials,"
                + " count(*) FILTER (WHERE name = 'RECONCILIATION_NEEDED') AS reconciliations,"
                + " count(*) FILTER (WHERE name = 'OUTCOME_UNDELIVERED') AS undelivered"
                + " FROM task_events WHERE task_id IN (SELECT id FROM t) GROUP BY task_id),"
                + " m AS (SELECT task_id, count(*) AS errors FROM model_calls"
                + " WHERE task_id IN (SELECT id FROM t) AND outcome = 'error' GROUP BY task_id),"
                + " d AS (SELECT task_id, count(*) AS letters FROM dead_letters WHERE task_id IN (SELECT id FROM t)"
                + " GROUP BY task_id),"
                // An undelivered outcome leaves a dead letter too: one incident, not two.
                + " j AS (SELECT t.*, coalesce(e.incidents, 0) + coalesce(m.errors, 0)"
                + " + greatest(coalesce(d.letters, 0) - coalesce(e.undelivered, 0), 0) AS incidents,"
                + " coalesce(e.escalated, false) AS escalated, coalesce(e.denials, 0) AS denials,"
                + " coalesce(e.reconciliations, 0) AS reconciliations,"
                + " (t.status = 'COMPLETED' AND t.human_actions = 0) AS autonomous"
                + " FROM t LEFT JOIN e ON e.task_id = t.id LEFT JOIN m ON m.task_id = t.id LEFT JOIN d ON d.task_id = t.id),"
                + " g AS (" + membership + ")"
                + " SELECT g.grp, count(*), count(*) FILTER (WHERE status = 'COMPLETED'),"
                + " count(*) FILTER (WHERE autonomous), count(*) FILTER (WHERE NOT escalated),"
                + " count(*) FILTER (WHERE autonomous AND NOT escalated), count(*) FILTER (WHERE human_actions > 0),"
                + " coalesce(sum(human_actions), 0), coalesce(sum(incidents), 0),"
                + " coalesce(sum(incidents) FILTER (WHERE autonomous), 0), coalesce(sum(denials), 0),"
                + " coalesce(sum(reconciliations), 0)"
                + " FROM j JOIN g ON g.task_id = j.id GROUP BY 1 ORDER BY 1";
        Map<String, Figures> groups = new LinkedHashMap<>();
        db.query(sql, rs -> {
            groups.put(rs.getString(1), new Figures(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                    rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12)));
            return null;
        }, params.toArray());
        return groups;
    }
}
