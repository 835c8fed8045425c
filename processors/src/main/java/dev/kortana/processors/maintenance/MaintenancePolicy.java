package dev.kortana.processors.maintenance;

import java.time.Duration;
import java.util.Map;

/**
 * The thresholds of the maintenance jobs ({@code kortana.memory.*} in application.properties; see
 * docs/CONFIGURATION.md).
 *
 * @param mergeSimilarity    cosine similarity at which two memories of a tenant and kind are near-duplicates
 * @param dedupMaxRows       newest live rows of one tenant and kind compared per dedup run
 * @param maxSourceTasks     most recent source tasks a merged memory keeps
 * @param keepByKind         how long each kind is kept after its last use (zero or absent: for ever)
 * @param keepSuperseded     how long a superseded memory is kept (zero: for ever)
 * @param coldAfter          a memory not used for this long is archived
 * @param coldQuality        a memory of lower quality is archived
 * @param batch              rows per transaction (and per archive file) in retention and archive, tasks in pruning
 * @param keepTaskHistory    how long a finished task keeps its events, checkpoints and ledger rows
 * @param keepRuns           how long maintenance runs are kept in maintenance_runs
 */
public record MaintenancePolicy(double mergeSimilarity, int dedupMaxRows, int maxSourceTasks, Map<String, Duration> keepByKind,
        Duration keepSuperseded, Duration coldAfter, double coldQuality, int batch, Duration keepTaskHistory,
        Duration keepRuns) {

    public MaintenancePolicy {
        if (mergeSimilarity <= 0 || mergeSimilarity > 1) {
            throw new IllegalArgumentException("kortana.memory.merge-similarity = " + mergeSimilarity
                    + " must be above 0 and at most 1 (0.92: a reworded sentence merges, a related one does not)");
        }
        if (coldQuality < 0 || coldQuality > 1) {
            throw new IllegalArgumentException("kortana.memory.archive.cold-quality = " + coldQuality + " must be from 0 to 1");
        }
        if (dedupMaxRows < 1 || maxSourceTasks < 1 || batch < 1) {
            throw new IllegalArgumentException("dedup-max-rows, max-source-tasks and batch must be at least 1");
        }
        keepByKind = Map.copyOf(keepByKind);
    }
}
