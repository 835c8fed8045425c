package dev.kortana.processors.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * Tool metrics: per tenant, tool and hour, the calls, how they ended, the time and money they took and the classes of
 * their errors. One upsert per executed step; the planner reads the recent hours, and hours past the retention are
 * deleted, so the table holds at most tenants × tools × retained hours rows.
 */
public class ToolMetricsStore {

    /** One tool's calls summed over a window. */
    public record Totals(String tool, int calls, int successes, int failures, long totalMs, BigDecimal totalCostUsd) {}

    private final Database db;
    private final WriteBehind behind;

    public ToolMetricsStore(Database db) {
        this(db, WriteBehind.direct(db));
    }

    /** Recording through {@code behind}: telemetry no task waits for. */
    public ToolMetricsStore(Database db, WriteBehind behind) {
        this.db = db;
        this.behind = behind;
    }

    /** Counts one executed step into its tool's current hour ({@code errorClass} null when it completed); written behind. */
    public void record(String tenant, String tool, boolean completed, long durationMs, BigDecimal costUsd, String errorClass) {
        behind.submit(s -> s.update("INSERT INTO tool_metrics AS m (tenant, tool, window_start, calls, successes, failures, total_ms,"
                        + " total_cost_usd, errors, last_error_class)"
                        + " VALUES (?, ?, date_trunc('hour', now()), 1, ?, ?, ?, ?,"
                        + " CASE WHEN CAST(? AS text) IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(CAST(? AS text), 1) END,"
                        + " CAST(? AS text))"
                        + " ON CONFLICT (tenant, tool, window_start) DO UPDATE SET calls = m.calls + 1,"
                        + " successes = m.successes + EXCLUDED.successes, failures = m.failures + EXCLUDED.failures,"
                        + " total_ms = m.total_ms + EXCLUDED.total_ms, total_cost_usd = m.total_cost_usd + EXCLUDED.total_cost_usd,"
                        + " errors = CASE WHEN EXCLUDED.last_error_class IS NULL THEN m.errors"
                        + " ELSE jsonb_set(m.errors, ARRAY[EXCLUDED.last_error_class],"
                        + " to_jsonb(COALESCE((m.errors ->> EXCLUDED.last_error_class)::int, 0) + 1)) END,"
                        + " last_error_class = COALESCE(EXCLUDED.last_error_class, m.last_error_class), updated_at = now()",
                tenant, tool, completed ? 1 : 0, completed ? 0 : 1, durationMs, costUsd == null ? BigDecimal.ZERO : costUsd,
                errorClass, errorClass, errorClass));
    }

    /** The tenant's calls of {@code tools} in the hours that overlap the last {@code window}, one row per tool called. */
    public List<Totals> recent(String tenant, List<String> tools, Duration window) {
        if (tools.isEmpty()) {
            return List.of();
        }
        return db.query("SELECT tool, sum(calls), sum(successes), sum(failures), sum(total_ms), sum(total_cost_usd)"
                        + " FROM tool_metrics WHERE tenant = ? AND tool = ANY(?)"
                        + " AND window_start >= date_trunc('hour', now() - CAST(? AS double precision) * interval '1 second') GROUP BY tool ORDER BY tool",
                rs -> new Totals(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getLong(5), rs.getBigDecimal(6)),
                tenant, tools.toArray(String[]::new), window.toSeconds());
    }

    /** Deletes the hours that ended more than {@code retention} ago; returns how many rows went. */
    public int prune(Duration retention) {
        return db.update("DELETE FROM tool_metrics WHERE window_start < now() - CAST(? AS double precision) * interval '1 second' - interval '1 hour'",
                retention.toSeconds());
    }
}
