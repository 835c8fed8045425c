package dev.kortana.processors.store;

import dev.kortana.processors.memory.Consolidation;
import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.VectorIndex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The writes behind {@link MemoryStore#remember}: a new row (superseding another), a twin confirmed, the rows near a new one. */
final class MemoryRows {

    /** How much a confirmation by another task raises a memory's quality. */
    static final double CONFIRMED = 0.05;
    /** Vector neighbours a new memory is compared with. */
    private static final int NEIGHBOURS = 5;

    private final Database db;
    private final Embedder embedder;
    private final VectorIndex index;
    private final IndexFollower follower;

    MemoryRows(Database db, Embedder embedder, VectorIndex index, IndexFollower follower) {
        this.db = db;
        this.embedder = embedder;
        this.index = index;
        this.follower = follower;
    }

    /** Live memories of the tenant and kind at least {@code minSimilarity} near {@code vector}, with their content. */
    List<Consolidation.Neighbour> neighbours(String tenant, String kind, float[] vector, double minSimilarity) {
        Map<Long, Double> near = new HashMap<>();
        for (VectorIndex.Hit hit : index.nearest(tenant, vector, NEIGHBOURS)) {
            if (hit.similarity() >= minSimilarity) {
                near.put(hit.id(), hit.similarity());
            }
        }
        if (near.isEmpty()) {
            return List.of();
        }
        return db.query("SELECT id, content FROM memories WHERE tenant = ?" + MemoryStore.LIVE + " AND id = ANY(?)",
                rs -> new Consolidation.Neighbour(rs.getLong(1), rs.getString(2), near.get(rs.getLong(1))),
                tenant, new String[] {kind}, near.keySet().stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * The twin gains the task as a source (the most recent {@value MemoryStore#MAX_SOURCE_TASKS} are kept) and some
     * quality; false when it was superseded or forgotten meanwhile.
     */
    boolean confirm(long id, String taskId) {
        return db.update("UPDATE memories SET source_tasks = (source_tasks || ?::text)[greatest(cardinality(source_tasks) - ?, 1):],"
                        + " quality = least(1, quality + ?), updated_at = now() WHERE id = ? AND superseded_by IS NULL",
                taskId, MemoryStore.MAX_SOURCE_TASKS - 2, CONFIRMED, id) == 1;
    }

    /** Stores a new row (superseding {@code supersedes} unless 0) and puts its vector in the index; returns its id. */
    long insert(String tenant, String taskId, String kind, String content, float[] vector, double quality,
            long supersedes, String detail) {
        long id = db.inTransaction(s -> {
            long added = s.queryOne("INSERT INTO memories (tenant, task_id, kind, content, embedding, embedding_model,"
                            + " source_tasks, quality, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id",
                    rs -> rs.getLong(1), tenant, taskId, kind, content, vector, embedder.model(),
                    taskId == null ? new String[0] : new String[] {taskId}, quality, detail).orElseThrow();
            if (supersedes != 0) {
                s.update("UPDATE memories SET superseded_by = ?, updated_at = now() WHERE id = ? AND superseded_by IS NULL",
                        added, supersedes);
            }
            return added;
        });
        follower.put(id, tenant, vector);
        return id;
    }
}
