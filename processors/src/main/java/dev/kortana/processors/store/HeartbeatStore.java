package dev.kortana.processors.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code heartbeats}: the state of each component of each instance, as its last beat said. */
public class HeartbeatStore {

    /** One component's state. */
    public record Beat(String component, boolean ok, String detail) {}

    /** A row: whose, what, how, and how long ago. */
    public record Row(String node, String component, boolean ok, String detail, Instant beatAt, Duration age) {}

    private final Database db;

    public HeartbeatStore(Database db) {
        this.db = db;
    }

    /**
     * Writes this instance's beat in one transaction: every component's state, and the components it no longer has
     * (a tool circuit closed again) gone.
     */
    public void beat(String node, List<Beat> beats) {
        String[] components = beats.stream().map(Beat::component).toArray(String[]::new);
        String[] statuses = beats.stream().map(b -> b.ok() ? "ok" : "failing").toArray(String[]::new);
        String[] details = beats.stream().map(b -> b.detail() == null ? "" : b.detail()).toArray(String[]::new);
        db.inTransaction(s -> {
            s.update("INSERT INTO heartbeats (node, component, status, detail, beat_at)"
                    + " SELECT ?, c, st, NULLIF(d, ''), now() FROM unnest(?::text[], ?::text[], ?::text[]) AS b(c, st, d)"
                    + " ON CONFLICT (node, component) DO UPDATE SET status = EXCLUDED.status, detail = EXCLUDED.detail,"
                    + " beat_at = EXCLUDED.beat_at", node, components, statuses, details);
            s.update("DELETE FROM heartbeats WHERE node = ? AND NOT (component = ANY (?::text[]))", node, components);
            return null;
        });
    }

    /** Every row of every instance, by instance and component. */
    public List<Row> all() {
        return db.query("SELECT node, component, status, detail, beat_at, EXTRACT(EPOCH FROM now() - beat_at) * 1000 AS age_ms"
                        + " FROM heartbeats ORDER BY node, component",
                rs -> new Row(rs.getString("node"), rs.getString("component"), "ok".equals(rs.getString("status")),
                        rs.getString("detail"), Database.instant(rs, "beat_at"), Duration.ofMillis(Math.max(0, rs.getLong("age_ms")))));
    }

    /** Forgets one instance's rows (it stopped gracefully). */
    public void forgetNode(String node) {
        db.update("DELETE FROM heartbeats WHERE node = ?", node);
    }

    /** Forgets instances that have not beaten for {@code gone}; returns how many rows went. */
    public int forgetSilent(Duration gone) {
        return db.update("DELETE FROM heartbeats WHERE beat_at < now() - make_interval(secs => ?)", (double) gone.toSeconds());
    }
}
