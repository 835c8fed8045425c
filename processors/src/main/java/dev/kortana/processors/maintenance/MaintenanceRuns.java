package dev.kortana.processors.maintenance;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kortana.contracts.Json;
import dev.kortana.processors.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The {@code maintenance_runs} table (V17): one row per run that ran, read back newest first, pruned by age. */
public class MaintenanceRuns {

    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {};

    private final Database db;

    public MaintenanceRuns(Database db) {
        this.db = db;
    }

    /** Records a run that ran ({@code ok} or {@code failed}); a skipped run is not a row. */
    public void record(MaintenanceRun run) {
        if (MaintenanceRun.SKIPPED.equals(run.outcome())) {
            return;
        }
        db.update("INSERT INTO maintenance_runs (job, node, started_at, finished_at, outcome, counts, duration_ms, error)"
                        + " VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)",
                run.job(), run.node(), run.startedAt(), run.startedAt().plusMillis(run.durationMs()), run.outcome(),
                json(run.counts()), run.durationMs(), run.error());
    }

    /** The latest {@code limit} runs, newest first; of one job when {@code job} is not null. */
    public List<MaintenanceRun> recent(String job, int limit) {
        String columns = "SELECT job, node, outcome, counts, started_at, duration_ms, error FROM maintenance_runs";
        return job == null
                ? db.query(columns + " ORDER BY started_at DESC, id DESC LIMIT ?", MaintenanceRuns::toRun, limit)
                : db.query(columns + " WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT ?", MaintenanceRuns::toRun, job, limit);
    }

    /** Deletes the runs that started more than {@code keep} ago; returns how many. */
    public int pruneOlderThan(Instant now, Duration keep) {
        return db.update("DELETE FROM maintenance_runs WHERE started_at < ?", now.minus(keep));
    }

    private static MaintenanceRun toRun(ResultSet rs) throws SQLException {
        Map<String, Long> counts;
        try {
            counts = Json.MAPPER.readValue(rs.getString("counts"), COUNTS);
        } catch (IOException e) {
            throw new UncheckedIOException("maintenance_runs.counts is not a JSON object of numbers", e);
        }
        return new MaintenanceRun(rs.getString("job"), rs.getString("node"), rs.getString("outcome"), counts,
                Database.instant(rs, "started_at"), rs.getLong("duration_ms"), rs.getString("error"));
    }

    private static String json(Map<String, Long> counts) {
        try {
            return Json.MAPPER.writeValueAsString(counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
