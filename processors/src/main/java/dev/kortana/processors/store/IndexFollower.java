package dev.kortana.processors.store;

import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.VectorIndex;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's vector index up with the memories table between starts: rows this instance writes are put at
 * once, rows other instances (sharing the database) wrote are picked up by one range read on the primary key before
 * each search or consolidation, usually empty.
 */
final class IndexFollower {

    private static final Logger LOG = LoggerFactory.getLogger(IndexFollower.class);
    private static final int BATCH = 200;

    private final Database db;
    private final Embedder embedder;
    private final VectorIndex index;
    private final Object following = new Object();
    private long followed;

    IndexFollower(Database db, Embedder embedder, VectorIndex index) {
        this.db = db;
        this.embedder = embedder;
        this.index = index;
        this.followed = index.maxId();
    }

    /**
     * Adds the rows written elsewhere since the last look. A row whose insert commits after a higher id was read is found
     * by full text only until the next start rebuilds the index.
     */
    void follow() {
        synchronized (following) {
            List<Object[]> rows = db.query("SELECT id, tenant, embedding FROM memories WHERE id > ? AND embedding_model = ?"
                            + " ORDER BY id LIMIT ?",
                    rs -> new Object[] {rs.getLong(1), rs.getString(2), MemoryIndexSync.vector(rs.getArray(3))},
                    followed, embedder.model(), BATCH);
            // Checked before any is put, so that the index's reader is refreshed once, not once per row.
            List<Object[]> missing = rows.stream().filter(row -> !index.contains((Long) row[0])).toList();
            for (Object[] row : missing) {
                index.put((Long) row[0], (String) row[1], (float[]) row[2]);
            }
            if (!rows.isEmpty()) {
                followed = (Long) rows.get(rows.size() - 1)[0];
            }
        }
    }

    /** Puts a row this instance has just stored. */
    void put(long id, String tenant, float[] vector) {
        try {
            index.put(id, tenant, vector);
        } catch (RuntimeException e) {
            // Not an I/O failure (the index handles those itself, and a repair adds the row): the row is remembered and
            // found by full text; the next index check or start sees the index short and rebuilds it.
            LOG.error("Memory {} is stored but not in the vector index ({}); the next index check adds it", id, e.toString());
        }
    }
}
