package dev.kortana.processors.maintenance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of {@code memories} with every column maintenance moves (the generated {@code tsv} is made again by
 * PostgreSQL): what dedup compares and merges, and what an archive line holds so that a restore needs no model.
 */
public record MemoryRow(long id, String tenant, String taskId, String kind, String content, float quality, int uses,
        Instant lastUsedAt, Instant createdAt, Instant updatedAt, List<String> sourceTasks, List<Long> mergedFrom,
        Long supersededBy, String detail, float[] embedding, String embeddingModel) {

    public MemoryRow {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        sourceTasks = List.copyOf(sourceTasks);
        mergedFrom = List.copyOf(mergedFrom);
    }

    /** When the memory was last useful: its last use, or its creation when it was never used. */
    public Instant lastTouched() {
        return lastUsedAt == null || lastUsedAt.isBefore(createdAt) ? createdAt : lastUsedAt;
    }

    /** Whether the memory came from the task or was confirmed by it (provenance). */
    public boolean fromTask(String task) {
        return task.equals(taskId) || sourceTasks.contains(task);
    }
}
