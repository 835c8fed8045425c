package dev.kortana.processors.store;

import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.VectorIndex;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the memories table and the vector index into step at start-up, before any task runs: rows without an
 * embedding of the current model are embedded (in batches of {@link #BATCH}, each its own transaction), then the
 * index is rebuilt from the table when it is missing, made by another model, or does not hold exactly the rows up to
 * the highest id it recorded; rows added after that id are appended.
 */
public final class MemoryIndexSync {

    /**
     * What a start found and did.
     *
     * @param embedded rows embedded now (new in the table, or made by another model)
     * @param rebuilt  whether the index was emptied and filled from the table
     * @param indexed  rows written to the index now
     * @param memories rows in the table
     * @param millis   how long it took
     * @param lastId   the table's highest id when it was read: rows above it came later ({@link #addAfter})
     */
    public record Report(int embedded, boolean rebuilt, long indexed, long memories, long millis, long lastId) {

        @Override
        public String toString() {
            return count(memories, "memory", "memories") + (rebuilt ? ", index rebuilt from the table (" : ", index up to date (")
                    + count(indexed, "vector", "vectors") + (rebuilt ? "" : " appended")
                    + (embedded > 0 ? ", " + count(embedded, "row", "rows") + " embedded" : "") + ") in " + millis + " ms";
        }

        private static String count(long n, String one, String many) {
            return n + " " + (n == 1 ? one : many);
        }
    }

    /** Rows embedded per transaction: a batch of MiniLM embeddings takes about a second. */
    public static final int BATCH = 256;
    private static final int FETCH = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(MemoryIndexSync.class);

    private final Database db;
    private final Embedder embedder;
    private final VectorIndex index;

    public MemoryIndexSync(Database db, Embedder embedder, VectorIndex index) {
        this.db = db;
        this.embedder = embedder;
        this.index = index;
    }

    public Report run() {
        long start = System.nanoTime();
        int embedded = embedMissing();
        long[] table = db.queryOne("SELECT coalesce(max(id), 0), count(*) FROM memories",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElseThrow();
        // What the index holds now, committed: at start-up what the last run left; on a live index (the maintenance
        // check) the puts of the last second too, so they are not taken for a difference with the table.
        VectorIndex.State state = index.committed().isPresent() ? index.checkpoint() : null;
        boolean rebuild = embedded > 0 || state == null || !state.model().equals(embedder.model())
                || state.count() != countUpTo(state.maxId());
        long indexed;
        if (rebuild) {
            index.clear();
            try {
                indexed = addFrom(0);
            } catch (RuntimeException e) {
                index.abandonRebuild(); // the index stays as it was, not half built
                throw e;
            }
        } else {
            indexed = addFrom(state.maxId());
        }
        index.commit();
        if (rebuild) {
            index.compact();
        }
        return new Report(embedded, rebuild, indexed, table[1], (System.nanoTime() - start) / 1_000_000, table[0]);
    }

    /**
     * Adds the embedded rows with an id above {@code afterId} and commits, without comparing counts: what a repair adds
     * once live writes go to the index again (those rows' ids are higher still, and adding a row twice keeps one).
     */
    public long addAfter(long afterId) {
        long added = addFrom(afterId);
        index.commit();
        return added;
    }

    private long countUpTo(long maxId) {
        return db.queryOne("SELECT count(*) FROM memories WHERE id <= ?", rs -> rs.getLong(1), maxId).orElseThrow();
    }

    /** Embeds rows that have no embedding of this model, a bounded batch per transaction; returns how many. */
    private int embedMissing() {
        int done = 0;
        long after = 0;
        while (true) {
            long from = after;
            List<Object[]> batch = db.query("SELECT id, content FROM memories WHERE id > ?"
                            + " AND embedding_model IS DISTINCT FROM ? ORDER BY id LIMIT ?",
                    rs -> new Object[] {rs.getLong(1), rs.getString(2)}, from, embedder.model(), BATCH);
            if (batch.isEmpty()) {
                return done;
            }
            List<Object[]> updates = new ArrayList<>(batch.size());
            for (Object[] row : batch) {
                updates.add(new Object[] {embedder.embed((String) row[1]), embedder.model(), row[0]});
            }
            db.inTransaction(s -> s.batch("UPDATE memories SET embedding = ?, embedding_model = ? WHERE id = ?", updates));
            done += batch.size();
            after = (Long) batch.get(batch.size() - 1)[0];
            LOG.info("Embedded {} memories with {} (up to id {})", done, embedder.model(), after);
        }
    }

    /** A {@code real[]} column as the index takes it. */
    static float[] vector(java.sql.Array column) throws java.sql.SQLException {
        Float[] boxed = (Float[]) column.getArray();
        float[] vector = new float[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            vector[i] = boxed[i];
        }
        return vector;
    }

    /** Adds every embedded row with an id above {@code afterId} to the index, streamed; returns how many. */
    private long addFrom(long afterId) {
        return db.inTransaction(s -> {
            long[] added = {0};
            s.stream("SELECT id, tenant, embedding FROM memories WHERE id > ? AND embedding_model = ? ORDER BY id", FETCH,
                    rs -> {
                        index.add(rs.getLong("id"), rs.getString("tenant"), vector(rs.getArray("embedding")));
                        added[0]++;
                        return true;
                    }, afterId, embedder.model());
            return added[0];
        });
    }
}
