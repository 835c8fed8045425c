package dev.kortana.processors.store;

import dev.kortana.contracts.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Work leases: a live task belongs to the worker named in {@code lease_owner} until {@code lease_until}. A worker
 * that dies stops renewing, and any worker may then claim the task again. This is crash recovery on one node and
 * work sharing across nodes.
 */
public class LeaseStore {

    private static final String LIVE = "status NOT IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED')";
    // A task parked for a human decision belongs to nobody until the decision reopens it.
    private static final String CLAIMABLE = LIVE.replace("'CANCELLED'", "'CANCELLED', 'AWAITING_APPROVAL', 'AWAITING_RECONCILIATION'");

    private final Database db;

    public LeaseStore(Database db) {
        this.db = db;
    }

    /** Takes or extends the lease on one task; false when another worker holds a valid lease or the task is finished. */
    public boolean claim(String taskId, String node, Duration lease) {
        return db.update(CLAIM, node, seconds(lease), taskId, node) == 1;
    }

    /** As {@link #claim(String, String, Duration)}, inside the caller's transaction. */
    static boolean claim(Database.Session s, String taskId, String node, Duration lease) throws java.sql.SQLException {
        return s.update(CLAIM, node, seconds(lease), taskId, node) == 1;
    }

    private static final String CLAIM = "UPDATE tasks SET lease_owner = ?, lease_until = now() + make_interval(secs => ?),"
            + " updated_at = now() WHERE id = ? AND " + CLAIMABLE
            + " AND (lease_owner = ? OR lease_owner IS NULL OR lease_until IS NULL OR lease_until < now())";

    /** A task a sweeper claimed, and the worker that held it before (null: nobody, e.g. it waited for a rate limit). */
    public record Claimed(String taskId, String previousOwner) {}

    /** Claims up to {@code limit} live tasks whose lease expired, skipping rows another sweeper is claiming right now. */
    public List<Claimed> claimExpired(String node, Duration lease, int limit) {
        return db.inTransaction(s -> {
            List<String[]> claimed = s.query("WITH expired AS ("
                            + " SELECT id, lease_owner FROM tasks WHERE " + CLAIMABLE
                            + " AND (lease_until IS NULL OR lease_until < now())"
                            + " ORDER BY lease_until NULLS FIRST LIMIT ? FOR UPDATE SKIP LOCKED)"
                            + " UPDATE tasks t SET lease_owner = ?, lease_until = now() + make_interval(secs => ?),"
                            + " claims = t.claims + 1, updated_at = now()"
                            + " FROM expired WHERE t.id = expired.id"
                            + " RETURNING t.id, expired.lease_owner AS previous_owner, t.status",
                    rs -> new String[] {rs.getString("id"), rs.getString("previous_owner"), rs.getString("status")},
                    limit, node, seconds(lease));
            for (String[] row : claimed) {
                TaskStore.appendEvent(s, row[0], "lease", "RECLAIMED", TaskStatus.valueOf(row[2]),
                        Map.of("previousOwner", row[1] == null ? "none" : row[1]), node);
            }
            return claimed.stream().map(row -> new Claimed(row[0], row[1])).toList();
        });
    }

    /**
     * Puts a task this worker holds aside until {@code wait} has passed: it then belongs to nobody, and a sweeper
     * claims it once its lease time is up. False when the worker no longer holds it.
     */
    public boolean defer(String taskId, String node, Duration wait) {
        // A cancel that came while the round finished makes the task due at once: the next sweep ends it.
        return db.update("UPDATE tasks SET lease_owner = NULL, lease_until = CASE WHEN cancel_request IS NULL"
                + " THEN now() + make_interval(secs => ?) ELSE now() END, updated_at = now()"
                + " WHERE id = ? AND lease_owner = ? AND " + LIVE, seconds(wait), taskId, node) == 1;
    }

    /** Extends the leases this worker holds on the given tasks; returns how many it still holds. */
    public int renew(String node, List<String> taskIds, Duration lease) {
        if (taskIds.isEmpty()) {
            return 0;
        }
        return db.update("UPDATE tasks SET lease_until = now() + make_interval(secs => ?)"
                        + " WHERE lease_owner = ? AND id = ANY (?) AND " + LIVE,
                seconds(lease), node, taskIds.toArray(String[]::new));
    }

    /** Lets go of these tasks of this worker's (queued, not started: a graceful stop), so another worker takes them at once. */
    public int release(String node, List<String> taskIds) {
        if (taskIds.isEmpty()) {
            return 0;
        }
        return db.update("UPDATE tasks SET lease_until = now() WHERE lease_owner = ? AND id = ANY (?) AND " + LIVE,
                node, taskIds.toArray(String[]::new));
    }

    /** Lets go of every lease this worker holds (graceful stop), so another worker or the next start takes over at once. */
    public int releaseAll(String node) {
        return db.update("UPDATE tasks SET lease_until = now() WHERE lease_owner = ? AND " + LIVE, node);
    }

    private static double seconds(Duration lease) {
        return lease.toMillis() / 1000.0;
    }
}
