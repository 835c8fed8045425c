package dev.kortana.processors.maintenance;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of a maintenance job did.
 *
 * @param job        the job's name, e.g. {@code memory-dedup}
 * @param node       the instance that ran it (or skipped it)
 * @param outcome    {@code ok}, {@code failed}, or {@code skipped} when another instance held the job's lock
 * @param counts     what the job counted, e.g. {@code merged=990, clusters=10}; empty when skipped
 * @param startedAt  when the run started
 * @param durationMs how long it took
 * @param error      why it failed, else {@code null}
 */
public record MaintenanceRun(String job, String node, String outcome, Map<String, Long> counts, Instant startedAt,
        long durationMs, String error) {

    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    public MaintenanceRun {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(node, "node");
        if (!OK.equals(outcome) && !FAILED.equals(outcome) && !SKIPPED.equals(outcome)) {
            throw new IllegalArgumentException("outcome must be ok, failed or skipped, not " + outcome);
        }
        counts = Map.copyOf(counts);
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** The sum of the counts: the items the run touched, for the items metric. */
    public long items() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return job + " " + outcome + (counts.isEmpty() ? "" : " " + new java.util.TreeMap<>(counts)) + " in " + durationMs + " ms"
                + (error == null ? "" : ": " + error);
    }
}
