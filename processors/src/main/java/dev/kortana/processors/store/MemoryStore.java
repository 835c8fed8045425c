package dev.kortana.processors.store;

import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.RankFusion;
import dev.kortana.processors.memory.VectorIndex;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent remembers, one tenant at a time. A memory is stored with its embedding and put in the vector index
 * at once; a search fuses PostgreSQL full text (any query word may match) with the nearest vectors, so a paraphrase
 * is found too, and weighs the result by recency. Every read is filtered by tenant, in SQL and in the index.
 */
public class MemoryStore {

    /** One remembered item and how well it matched (the fused score: higher is better; 0 when read by id). */
    public record Memory(long id, String tenant, String taskId, String kind, String content, double rank, Instant createdAt) {}

    private static final Logger LOG = LoggerFactory.getLogger(MemoryStore.class);
    /** Candidates each ranking hands to the fusion, per hit asked for; the fusion keeps the best. */
    private static final int CANDIDATES_PER_HIT = 4;
    private static final int MAX_CANDIDATES = 200;
    private static final String COLUMNS = "id, tenant, task_id, kind, content, created_at";

    private final Database db;
    private final Embedder embedder;
    private final VectorIndex index;
    private final RankFusion fusion;
    private final double minSimilarity;
    private final Clock clock;
    private final Object following = new Object();
    private long followed;

    /**
     * @param minSimilarity cosine similarity below which a vector neighbour is not a match (nearest is not near)
     */
    public MemoryStore(Database db, Embedder embedder, VectorIndex index, RankFusion fusion, double minSimilarity,
            Clock clock) {
        this.db = db;
        this.embedder = embedder;
        this.index = index;
        this.fusion = fusion;
        this.minSimilarity = minSimilarity;
        this.clock = clock;
        this.followed = index.maxId();
    }

    /** Remembers once per task and kind; remembering again (a resumed task) changes nothing. */
    public boolean remember(String tenant, String taskId, String kind, String content) {
        float[] vector = embedder.embed(content);
        Optional<Long> id = db.queryOne("INSERT INTO memories (tenant, task_id, kind, content, embedding, embedding_model, source_tasks)"
                        + " SELECT ?, ?, ?, ?, ?, ?, ARRAY[?]"
                        + " WHERE NOT EXISTS (SELECT 1 FROM memories WHERE task_id = ? AND kind = ?) RETURNING id",
                rs -> rs.getLong(1), tenant, taskId, kind, content, vector, embedder.model(), taskId, taskId, kind);
        id.ifPresent(memoryId -> {
            try {
                index.put(memoryId, tenant, vector);
            } catch (RuntimeException e) {
                // The row is remembered and found by full text; the next start sees the index short and rebuilds it.
                LOG.error("Memory {} is stored but not in the vector index ({}); it is added when Kor'tana next starts",
                        memoryId, e.toString());
            }
        });
        return id.isPresent();
    }

    /** One memory by id, within {@code tenant} ({@code null}: any tenant, for an admin of every tenant). */
    public Optional<Memory> find(String tenant, long id) {
        return tenant == null
                ? db.queryOne("SELECT " + COLUMNS + " FROM memories WHERE id = ?", MemoryStore::toMemory, id)
                : db.queryOne("SELECT " + COLUMNS + " FROM memories WHERE id = ? AND tenant = ?", MemoryStore::toMemory, id, tenant);
    }

    /**
     * Forgets one memory: its row, then its vector. Empty when no row has the id. Another instance's index may keep the
     * vector until its next start, but a search there finds only rows the table still has.
     */
    public Optional<Memory> forget(long id) {
        Optional<Memory> gone = db.queryOne("DELETE FROM memories WHERE id = ? RETURNING " + COLUMNS, MemoryStore::toMemory, id);
        // A crash between the two leaves the index one document over the table, which the next start sees and rebuilds.
        gone.ifPresent(m -> index.remove(m.id()));
        return gone;
    }

    /** The tenant's memories that best match the query, by words and by meaning, best first. */
    public List<Memory> search(String tenant, String query, int limit) {
        if (query.isBlank() || limit < 1) {
            return List.of();
        }
        follow();
        int candidates = Math.min(limit * CANDIDATES_PER_HIT, MAX_CANDIDATES);
        List<Long> byWords = fullText(tenant, query, candidates);
        List<Long> byMeaning = index.nearest(tenant, embedder.embed(query), candidates).stream()
                .filter(hit -> hit.similarity() >= minSimilarity)
                .map(VectorIndex.Hit::id)
                .toList();
        Map<Long, Memory> rows = rows(tenant, byWords, byMeaning);
        Map<Long, Instant> createdAt = new HashMap<>();
        rows.forEach((id, memory) -> createdAt.put(id, memory.createdAt()));
        // Only rows the tenant owns are ranked: an id the index gave that is not the tenant's row is dropped here too.
        List<Long> ownWords = byWords.stream().filter(rows::containsKey).toList();
        List<Long> ownMeaning = byMeaning.stream().filter(rows::containsKey).toList();
        List<Memory> hits = new ArrayList<>();
        for (RankFusion.Ranked ranked : fusion.fuse(List.of(ownWords, ownMeaning), createdAt, clock.instant(), limit)) {
            Memory row = rows.get(ranked.id());
            hits.add(new Memory(row.id(), row.tenant(), row.taskId(), row.kind(), row.content(), ranked.score(), row.createdAt()));
        }
        return hits;
    }

    /**
     * Adds to the index the rows other instances (sharing the database) wrote since the last look, so that their
     * memories are found by meaning here too: one range read on the primary key per search, usually empty. A row whose
     * insert commits after a higher id was read is found by full text only until the next start rebuilds the index.
     */
    private void follow() {
        synchronized (following) {
            List<Object[]> rows = db.query("SELECT id, tenant, embedding FROM memories WHERE id > ? AND embedding_model = ?"
                            + " ORDER BY id LIMIT ?",
                    rs -> new Object[] {rs.getLong(1), rs.getString(2), MemoryIndexSync.vector(rs.getArray(3))},
                    followed, embedder.model(), MAX_CANDIDATES);
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

    private List<Long> fullText(String tenant, String query, int candidates) {
        String anyWord = Arrays.stream(query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> w.length() > 1)
                .distinct()
                .collect(Collectors.joining(" | "));
        if (anyWord.isEmpty()) {
            return List.of();
        }
        return db.query("SELECT id FROM memories, to_tsquery('english', ?) q"
                        + " WHERE tenant = ? AND tsv @@ q ORDER BY ts_rank(tsv, q) DESC, created_at DESC LIMIT ?",
                rs -> rs.getLong(1), anyWord, tenant, candidates);
    }

    private Map<Long, Memory> rows(String tenant, List<Long> byWords, List<Long> byMeaning) {
        long[] ids = java.util.stream.Stream.concat(byWords.stream(), byMeaning.stream())
                .mapToLong(Long::longValue).distinct().toArray();
        if (ids.length == 0) {
            return Map.of();
        }
        Map<Long, Memory> rows = new HashMap<>();
        db.query("SELECT " + COLUMNS + " FROM memories WHERE tenant = ? AND id = ANY(?)", MemoryStore::toMemory, tenant, ids)
                .forEach(m -> rows.put(m.id(), m));
        return rows;
    }

    private static Memory toMemory(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Memory(rs.getLong("id"), rs.getString("tenant"), rs.getString("task_id"), rs.getString("kind"),
                rs.getString("content"), 0, Database.instant(rs, "created_at"));
    }
}
