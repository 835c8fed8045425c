package dev.kortana.processors.maintenance;

import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges near-duplicate memories ({@link NearDuplicates}) of each tenant and kind into their best row
 * ({@link MemoryMerge}): one transaction per cluster updates the survivor and deletes the others, then their vectors
 * leave the index. Episodes are left to the planner, which consolidates them by their tools. Only live rows (not superseded) embedded by the current model are compared, the newest
 * {@code maxRowsPerGroup} of each tenant and kind per run, which bounds a run's work (the comparison is quadratic).
 */
public class MemoryDedup {

    private final Database db;
    private final VectorIndex index;
    private final String model;
    private final NearDuplicates duplicates;
    private final int maxRowsPerGroup;
    private final int maxSourceTasks;
    private final Clock clock;

    public MemoryDedup(Database db, VectorIndex index, String model, double mergeSimilarity, int maxRowsPerGroup,
            int maxSourceTasks, Clock clock) {
        this.db = db;
        this.index = index;
        this.model = model;
        this.duplicates = new NearDuplicates(mergeSimilarity);
        this.maxRowsPerGroup = maxRowsPerGroup;
        this.maxSourceTasks = maxSourceTasks;
        this.clock = clock;
    }

    /** One pass over every tenant and kind; counts {@code compared}, {@code clusters} and {@code merged} rows. */
    public Map<String, Long> run() {
        List<String[]> groups = db.query("SELECT DISTINCT tenant, kind FROM memories WHERE superseded_by IS NULL AND kind <> 'episode'",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        long compared = 0;
        long clusters = 0;
        long merged = 0;
        for (String[] group : groups) {
            List<MemoryRow> rows = db.query("SELECT " + MemoryRows.COLUMNS + " FROM memories WHERE tenant = ? AND kind = ?"
                            + " AND superseded_by IS NULL AND embedding_model = ? ORDER BY id DESC LIMIT ?",
                    MemoryRows::read, group[0], group[1], model, maxRowsPerGroup);
            compared += rows.size();
            List<Long> deleted = new ArrayList<>();
            for (NearDuplicates.Cluster cluster : duplicates.clusters(rows)) {
                List<Long> gone = merge(cluster);
                if (!gone.isEmpty()) {
                    clusters++;
                    deleted.addAll(gone);
                }
            }
            merged += deleted.size();
            index.removeAll(deleted);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("compared", compared);
        counts.put("clusters", clusters);
        counts.put("merged", merged);
        return counts;
    }

    /**
     * Merges one cluster as the rows are now (read again under lock: a use counted since the comparison is kept);
     * returns the ids deleted, none when the survivor is gone meanwhile.
     */
    private List<Long> merge(NearDuplicates.Cluster cluster) {
        long survivorId = cluster.survivor().id();
        List<Long> ids = new ArrayList<>(List.of(survivorId));
        cluster.merged().forEach(r -> ids.add(r.id()));
        return db.inTransaction(s -> {
            Map<Long, MemoryRow> now = new HashMap<>();
            // Live rows only: a row superseded since the comparison is neither merged nor merged into.
            s.query("SELECT " + MemoryRows.COLUMNS + " FROM memories WHERE id = ANY(?) AND superseded_by IS NULL"
                            + " ORDER BY id FOR UPDATE",
                    MemoryRows::read, (Object) MemoryRows.longArray(ids)).forEach(r -> now.put(r.id(), r));
            MemoryRow survivor = now.remove(survivorId);
            if (survivor == null || now.isEmpty()) {
                return List.<Long>of();
            }
            MemoryRow result = MemoryMerge.merged(survivor, List.copyOf(now.values()), maxSourceTasks, clock.instant());
            s.update("UPDATE memories SET quality = ?, uses = ?, last_used_at = ?, updated_at = ?, source_tasks = ?,"
                            + " merged_from = ? WHERE id = ?",
                    result.quality(), result.uses(), result.lastUsedAt(), result.updatedAt(),
                    result.sourceTasks().toArray(String[]::new), MemoryRows.longArray(result.mergedFrom()), survivorId);
            long[] gone = now.keySet().stream().mapToLong(Long::longValue).toArray();
            s.update("DELETE FROM memories WHERE id = ANY(?)", (Object) gone);
            return List.copyOf(now.keySet());
        });
    }
}
