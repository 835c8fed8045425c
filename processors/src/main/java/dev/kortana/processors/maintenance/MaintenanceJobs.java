package dev.kortana.processors.maintenance;

import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.MemoryIndexSync;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The scheduled maintenance jobs, one method each, as the maintenance routes call them: every job that changes the
 * shared database runs through the {@link SingleRunner} (one instance at a time, recorded in maintenance_runs); the
 * index check works on this instance's own index, so it runs on every instance (recorded too, under its node).
 */
public class MaintenanceJobs {

    public static final String DEDUP = "memory-dedup";
    public static final String RETENTION = "memory-retention";
    public static final String ARCHIVE = "memory-archive";
    public static final String RESTORE = "memory-restore";
    public static final String VACUUM = "table-vacuum";
    public static final String INDEX_CHECK = "memory-index-check";
    public static final String INDEX_REPAIR = "memory-index-repair";
    public static final String PRUNE = "task-history-pruning";
    public static final String RUNS_RETENTION = "maintenance-runs-retention";

    private final SingleRunner runner;
    private final MaintenanceRuns runs;
    private final MaintenancePolicy policy;
    private final MemoryDedup dedup;
    private final MemoryRetention retention;
    private final MemoryArchive archive;
    private final TableVacuum vacuum;
    private final VectorIndex index;
    private final MemoryIndexSync indexSync;
    private final TaskPruning pruning;
    private final Clock clock;

    public MaintenanceJobs(DataSource dataSource, Database db, Embedder embedder, VectorIndex index, MemoryArchive archive,
            MaintenancePolicy policy, String node, Clock clock) {
        this.runs = new MaintenanceRuns(db);
        this.runner = new SingleRunner(dataSource, runs, node, clock);
        this.policy = policy;
        this.dedup = new MemoryDedup(db, index, embedder.model(), policy.mergeSimilarity(), policy.dedupMaxRows(),
                policy.maxSourceTasks(), clock);
        this.retention = new MemoryRetention(db, index, policy.keepByKind(), policy.keepSuperseded(), policy.batch(), clock);
        this.archive = archive;
        this.vacuum = new TableVacuum(dataSource);
        this.index = index;
        this.indexSync = new MemoryIndexSync(db, embedder, index);
        this.pruning = new TaskPruning(db, policy.keepTaskHistory(), policy.batch(), clock);
        this.clock = clock;
    }

    public MaintenanceRun dedup() {
        return runner.run(DEDUP, dedup::run);
    }

    public MaintenanceRun retention() {
        return runner.run(RETENTION, retention::run);
    }

    /** Archives what is cold by the configured rule. */
    public MaintenanceRun archive() {
        return archive(policy.coldAfter());
    }

    /** Archives memories unused for {@code coldAfter}, or below the configured quality (an operator's archive now). */
    public MaintenanceRun archive(Duration coldAfter) {
        return runner.run(ARCHIVE, () -> archive.archive(clock.instant().minus(coldAfter), policy.coldQuality(), policy.batch()));
    }

    /** Restores the archive of one tenant, or all of it ({@code tenant} null); the run's counts say what came back. */
    public MaintenanceRun restore(String tenant) {
        return runner.run(RESTORE, () -> {
            MemoryArchive.Restored r = archive.restore(tenant);
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("restored", r.restored());
            counts.put("alreadyPresent", r.alreadyPresent());
            counts.put("filesLeft", r.filesLeft());
            return counts;
        });
    }

    public MaintenanceRun vacuum() {
        return runner.run(VACUUM, vacuum::run);
    }

    /** Rebuilds this instance's index when the table changed under it (another instance's dedup, archive or restore). */
    public MaintenanceRun indexCheck() {
        return runner.runHere(INDEX_CHECK, () -> {
            MemoryIndexSync.Report r = indexSync.run();
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("rebuilt", r.rebuilt() ? 1L : 0L);
            counts.put("indexed", r.indexed());
            counts.put("embedded", (long) r.embedded());
            return counts;
        });
    }

    /**
     * Mends this instance's index after it could not be written (a full disk): reopened on its last commit and caught
     * up from the table; then live writes resume, and the rows stored while it caught up are added. A failure
     * (the disk still full) leaves it broken for the next try.
     */
    public MaintenanceRun indexRepair() {
        return runner.runHere(INDEX_REPAIR, () -> {
            index.reopen();
            MemoryIndexSync.Report caughtUp = indexSync.run();
            index.repaired();
            long skipped = indexSync.addAfter(caughtUp.lastId());
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("rebuilt", caughtUp.rebuilt() ? 1L : 0L);
            counts.put("indexed", caughtUp.indexed() + skipped);
            return counts;
        });
    }

    public MaintenanceRun pruneTaskHistory() {
        return runner.run(PRUNE, pruning::run);
    }

    public MaintenanceRun pruneRuns() {
        return runner.run(RUNS_RETENTION, () -> Map.of("runs", (long) runs.pruneOlderThan(clock.instant(), policy.keepRuns())));
    }

    public MaintenanceRuns runs() {
        return runs;
    }

    public MemoryArchive memoryArchive() {
        return archive;
    }
}
