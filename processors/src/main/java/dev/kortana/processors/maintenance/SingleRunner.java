package dev.kortana.processors.maintenance;

import dev.kortana.processors.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a maintenance job on exactly one instance at a time: the run takes a PostgreSQL session advisory lock named by
 * the schema and the job ({@code pg_try_advisory_lock}) on a connection of its own, held while the job runs. An instance
 * that does not get it skips the run. The server drops the lock with the session, so a crashed instance holds nothing.
 * Within one instance the jobs run one after another (a timer that fires while another job runs waits), so maintenance
 * holds at most one lock connection and one working connection of the pool, never one pair per job. An unlock the
 * server does not confirm closes the lock connection rather than return it to the pool still holding the lock.
 * A run that ran is recorded in {@code maintenance_runs}; a failure is recorded and returned, not thrown.
 */
public class SingleRunner {

    /** The work of one job: what it counted, e.g. {@code {"merged": 990}}. */
    @FunctionalInterface
    public interface Job {
        Map<String, Long> run() throws Exception;
    }

    /** First half of the two-key advisory lock ("KMNT"); the second hashes schema and job, so schemas do not collide. */
    private static final int LOCK_SPACE = 0x4B4D4E54;
    private static final String KEY = "hashtext(current_schema() || ':' || ?)";
    private static final Logger LOG = LoggerFactory.getLogger(SingleRunner.class);

    private final java.util.concurrent.locks.ReentrantLock oneJobHere = new java.util.concurrent.locks.ReentrantLock();
    private final DataSource dataSource;
    private final MaintenanceRuns runs;
    private final String node;
    private final Clock clock;

    public SingleRunner(DataSource dataSource, MaintenanceRuns runs, String node, Clock clock) {
        this.dataSource = dataSource;
        this.runs = runs;
        this.node = node;
        this.clock = clock;
    }

    /** Runs {@code work} as job {@code name} unless another instance is running it; returns what happened. */
    public MaintenanceRun run(String name, Job work) {
        oneJobHere.lock();
        try {
            return runLocked(name, work);
        } finally {
            oneJobHere.unlock();
        }
    }

    private MaintenanceRun runLocked(String name, Job work) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(true);
            if (!lockOrUnlock(lock, "pg_try_advisory_lock", name)) {
                LOG.debug("Maintenance job {} is running on another instance; skipped here", name);
                return new MaintenanceRun(name, node, MaintenanceRun.SKIPPED, Map.of(), started, 0, null);
            }
            try {
                return runAndRecord(name, work, started, t0);
            } finally {
                unlock(lock, name);
            }
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    /** Lets the lock go; when the server does not say it did, the connection is closed for good, not pooled. */
    private static void unlock(Connection lock, String name) {
        boolean released;
        try {
            released = lockOrUnlock(lock, "pg_advisory_unlock", name);
        } catch (SQLException e) {
            released = false;
        }
        if (!released) {
            LOG.warn("Maintenance job {}: the server did not confirm the lock's release; closing its connection", name);
            try {
                lock.abort(Runnable::run);
            } catch (SQLException e) {
                LOG.warn("Maintenance job {}: closing the lock connection failed: {}", name, e.toString());
            }
        }
    }

    /** Runs {@code work} here without the shared lock (a job on this instance's own data, e.g. its index), recorded. */
    public MaintenanceRun runHere(String name, Job work) {
        oneJobHere.lock();
        try {
            return runAndRecord(name, work, clock.instant(), System.nanoTime());
        } finally {
            oneJobHere.unlock();
        }
    }

    private MaintenanceRun runAndRecord(String name, Job work, Instant started, long t0) {
        MaintenanceRun run;
        try {
            run = new MaintenanceRun(name, node, MaintenanceRun.OK, work.run(), started, millisSince(t0), null);
        } catch (Exception e) {
            LOG.warn("Maintenance job {} failed: {}", name, e.toString(), e);
            run = new MaintenanceRun(name, node, MaintenanceRun.FAILED, Map.of(), started, millisSince(t0), e.toString());
        }
        runs.record(run);
        return run;
    }

    private static boolean lockOrUnlock(Connection c, String function, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(" + LOCK_SPACE + ", " + KEY + ")")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
