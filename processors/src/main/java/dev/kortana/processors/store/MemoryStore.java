package dev.kortana.processors.store;

import dev.kortana.processors.memory.Consolidation;
import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.RankFusion;
import dev.kortana.processors.memory.VectorIndex;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the agent remembers, one tenant at a time. A memory is consolidated on write: a twin of a live memory of its
 * kind joins it (the memory gains a source task and some quality), an update of one supersedes it (kept for audit,
 * never retrieved again), anything else is a new row, stored with its embedding and put in the vector index at once.
 * A search fuses PostgreSQL full text with the nearest vectors and weighs the result by quality and recency. Every read
 * is filtered by tenant, in SQL and in the index, and sees only live rows of the kinds asked for.
 */
public class MemoryStore {

    public static final String FACT = "fact";
    public static final String EPISODE = "episode";
    public static final String REFLECTION = "reflection";
    /** What a search reads unless told otherwise: knowledge, not the record of runs. */
    public static final Set<String> KNOWLEDGE = Set.of(FACT);

    /** One remembered item and how well it matched (the fused score: higher is better; 0 when read by id). */
    public record Memory(long id, String tenant, String taskId, String kind, String content, double rank,
            Instant createdAt, double quality, int uses) {}

    /** What remembering did: stored a new row, joined a twin, superseded an older statement, or nothing (known). */
    public record Remembered(Outcome outcome, long id, long superseded) {

        public boolean stored() {
            return outcome == Outcome.STORED || outcome == Outcome.SUPERSEDED;
        }
    }

    public enum Outcome { STORED, MERGED, SUPERSEDED, KNOWN }

    /** How many source tasks a memory keeps: the most recent ones, so a memory confirmed for years stays small. */
    public static final int MAX_SOURCE_TASKS = 20;
    /** The quality a person's correction starts with. */
    static final double CORRECTION = 0.8;
    /** Candidates each ranking hands to the fusion, per hit asked for; the fusion keeps the best. */
    private static final int CANDIDATES_PER_HIT = 4;
    private static final int MAX_CANDIDATES = 200;
    /** Full-text matches ranked per search at most: the most recent ones. */
    static final int FULL_TEXT_RANKED = 1000;
    static final String COLUMNS = "id, tenant, task_id, kind, content, created_at, updated_at, quality, uses";
    static final String LIVE = " AND superseded_by IS NULL AND kind = ANY(?)";

    private final Database db;
    private final Embedder embedder;
    private final VectorIndex index;
    private final IndexFollower follower;
    private final MemoryRows writes;
    private final RankFusion fusion;
    private final Consolidation consolidation;
    private final double minSimilarity;
    private final Clock clock;

    /**
     * @param minSimilarity cosine similarity below which a vector neighbour is not a match (nearest is not near)
     */
    public MemoryStore(Database db, Embedder embedder, VectorIndex index, RankFusion fusion, Consolidation consolidation,
            double minSimilarity, Clock clock) {
        this.db = db;
        this.embedder = embedder;
        this.index = index;
        this.follower = new IndexFollower(db, embedder, index);
        this.writes = new MemoryRows(db, embedder, index, follower);
        this.fusion = fusion;
        this.consolidation = consolidation;
        this.minSimilarity = minSimilarity;
        this.clock = clock;
    }

    /** Remembers with the quality of a memory nobody has judged yet. */
    public Remembered remember(String tenant, String taskId, String kind, String content) {
        return remember(tenant, taskId, kind, content, RankFusion.NEUTRAL_QUALITY);
    }

    /**
     * Remembers what {@code taskId} taught, consolidated with what the tenant knows. A task remembering again (resumed
     * after a crash) changes nothing. Two instances storing twins at the same instant may both add a row; the
     * maintenance dedup merges them later.
     */
    public Remembered remember(String tenant, String taskId, String kind, String content, double quality) {
        Optional<Long> known = db.queryOne("SELECT id FROM memories WHERE tenant = ? AND kind = ?"
                + " AND source_tasks @> ARRAY[?]::text[] LIMIT 1", rs -> rs.getLong(1), tenant, kind, taskId);
        if (known.isPresent()) {
            return new Remembered(Outcome.KNOWN, known.get(), 0);
        }
        float[] vector = embedder.embed(content);
        follower.follow();
        Consolidation.Decision decision = consolidation.decide(content, writes.neighbours(tenant, kind, vector, consolidation.relatedSimilarity()));
        if (decision.action() == Consolidation.Action.MERGE && writes.confirm(decision.target(), taskId)) {
            return new Remembered(Outcome.MERGED, decision.target(), 0);
        }
        long superseded = decision.action() == Consolidation.Action.SUPERSEDE ? decision.target() : 0;
        long id = writes.insert(tenant, taskId, kind, content, vector, quality, superseded, null);
        return new Remembered(superseded == 0 ? Outcome.STORED : Outcome.SUPERSEDED, id, superseded);
    }

    /**
     * A person's correction of a memory of the tenant: a new fact, of the quality a person's word has, that supersedes it;
     * {@code by} (the key that sent it) is kept in the new row's detail. Empty when the tenant has no live memory {@code id}.
     */
    public Optional<Remembered> correct(String tenant, long id, String content, String by) {
        Optional<Memory> wrong = find(tenant, id).filter(m -> db.queryOne("SELECT superseded_by IS NULL FROM memories WHERE id = ?",
                rs -> rs.getBoolean(1), id).orElse(false));
        if (wrong.isEmpty()) {
            return Optional.empty();
        }
        String detail = "{\"correctionBy\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(by) + ", \"corrects\": " + id + "}";
        // A person's knowledge, not a task's: forgetting the task that taught the wrong memory keeps the correction.
        long added = writes.insert(tenant, null, wrong.get().kind(), content, embedder.embed(content), CORRECTION, id, detail);
        return Optional.of(new Remembered(Outcome.SUPERSEDED, added, id));
    }

    /** One memory by id, live or superseded, within {@code tenant} ({@code null}: any tenant, for an admin of every tenant). */
    public Optional<Memory> find(String tenant, long id) {
        return tenant == null
                ? db.queryOne("SELECT " + COLUMNS + " FROM memories WHERE id = ?", MemoryStore::toMemory, id)
                : db.queryOne("SELECT " + COLUMNS + " FROM memories WHERE id = ? AND tenant = ?", MemoryStore::toMemory, id, tenant);
    }

    /** The tenant's knowledge ({@link #KNOWLEDGE}) that best matches the query, best first. */
    public List<Memory> search(String tenant, String query, int limit) {
        return search(tenant, query, KNOWLEDGE, limit);
    }

    /** The tenant's live memories of {@code kinds} that best match the query, by words and by meaning, best first. */
    public List<Memory> search(String tenant, String query, Set<String> kinds, int limit) {
        if (query.isBlank() || limit < 1 || kinds.isEmpty()) {
            return List.of();
        }
        follower.follow();
        String[] kindList = kinds.toArray(String[]::new);
        int candidates = Math.min(limit * CANDIDATES_PER_HIT, MAX_CANDIDATES);
        String anyWord = FullText.anyWord(query);
        // Any word may match, so a common word matches most rows: only the most recent FULL_TEXT_RANKED matches are
        // ranked (ranking reads each row's tsvector), which bounds a search's cost however large memory grows.
        List<Long> byWords = anyWord.isEmpty() ? List.of() : db.query("SELECT m.id FROM (SELECT id, tsv, created_at"
                        + " FROM memories WHERE tenant = ?" + LIVE + " AND tsv @@ to_tsquery('english', ?) ORDER BY id DESC LIMIT ?) m"
                        + " ORDER BY ts_rank(m.tsv, to_tsquery('english', ?)) DESC, m.created_at DESC LIMIT ?",
                rs -> rs.getLong(1), tenant, kindList, anyWord, FULL_TEXT_RANKED, anyWord, candidates);
        List<Long> byMeaning = index.nearest(tenant, embedder.embed(query), candidates).stream()
                .filter(hit -> hit.similarity() >= minSimilarity)
                .map(VectorIndex.Hit::id)
                .toList();
        Map<Long, Memory> rows = new HashMap<>();
        Map<Long, RankFusion.Prior> priors = new HashMap<>();
        long[] ids = Stream.concat(byWords.stream(), byMeaning.stream()).mapToLong(Long::longValue).distinct().toArray();
        if (ids.length > 0) {
            db.query("SELECT " + COLUMNS + " FROM memories WHERE tenant = ?" + LIVE + " AND id = ANY(?)", rs -> {
                Memory m = toMemory(rs);
                rows.put(m.id(), m);
                priors.put(m.id(), new RankFusion.Prior(Database.instant(rs, "updated_at"), m.quality()));
                return m;
            }, tenant, kindList, ids);
        }
        // Only the tenant's live rows are ranked: an id the index gave that is another tenant's, superseded or of another
        // kind is dropped here.
        List<Long> ownWords = byWords.stream().filter(rows::containsKey).toList();
        List<Long> ownMeaning = byMeaning.stream().filter(rows::containsKey).toList();
        List<Memory> hits = new ArrayList<>();
        for (RankFusion.Ranked ranked : fusion.fuseWith(List.of(ownWords, ownMeaning), priors, clock.instant(), limit)) {
            Memory row = rows.get(ranked.id());
            hits.add(new Memory(row.id(), row.tenant(), row.taskId(), row.kind(), row.content(), ranked.score(),
                    row.createdAt(), row.quality(), row.uses()));
        }
        return hits;
    }

    static Memory toMemory(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Memory(rs.getLong("id"), rs.getString("tenant"), rs.getString("task_id"), rs.getString("kind"),
                rs.getString("content"), 0, Database.instant(rs, "created_at"), rs.getDouble("quality"), rs.getInt("uses"));
    }
}
