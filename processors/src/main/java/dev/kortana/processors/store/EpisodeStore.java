package dev.kortana.processors.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.VectorIndex;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Episodes: what tasks of a tenant did and how it went, as {@code memories} rows of kind {@code episode}. The content
 * is the goal (embedded, so that similar goals are found by meaning); {@code detail} holds the plan's tools and the
 * runs' statistics. A finished task whose goal is very close to an episode of its tenant with the same tools is counted
 * into that row instead of adding one, so repeating a task does not grow the table.
 */
public class EpisodeStore {

    /** A finished task, as an episode sees it. */
    public record Run(String tenant, String taskId, String goal, List<String> tools, boolean completed,
            BigDecimal costUsd, long durationMs, String status) {}

    /** One episode and how close its goal is to the one asked about (cosine similarity; 1 when read otherwise). */
    public record Episode(long id, String goal, double similarity, List<String> tools, int runs, int successes,
            int failures, double avgCostUsd, long avgDurationMs, String lastStatus) {}

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeStore.class);
    /** Vector neighbours looked at per episode wanted: the index holds facts too, which the SQL filter drops. */
    private static final int CANDIDATES_PER_HIT = 8;
    private static final int MIN_CANDIDATES = 64;
    /** Tasks named as an episode's provenance: the most recent ones, so a row does not grow with its runs. */
    static final int SOURCE_TASKS = 20;
    private static final String LIVE_EPISODES = "tenant = ? AND kind = 'episode' AND superseded_by IS NULL";

    private final Database db;
    private final Embedder embedder;
    private final VectorIndex index;
    private final double mergeSimilarity;
    private final WriteBehind behind;

    /** @param mergeSimilarity cosine similarity of goals at or above which a run with the same tools joins an episode */
    public EpisodeStore(Database db, Embedder embedder, VectorIndex index, double mergeSimilarity) {
        this(db, embedder, index, mergeSimilarity, WriteBehind.direct(db));
    }

    /** As above, counting uses through {@code behind}. */
    public EpisodeStore(Database db, Embedder embedder, VectorIndex index, double mergeSimilarity, WriteBehind behind) {
        this.db = db;
        this.embedder = embedder;
        this.index = index;
        this.mergeSimilarity = mergeSimilarity;
        this.behind = behind;
    }

    /**
     * Counts a finished task into the closest episode of its tenant with the same tools, or adds one. Returns the
     * episode's id; a task already counted (its outcome published again after a restart) changes nothing.
     */
    public long record(Run run) {
        float[] vector = embedder.embed(run.goal());
        String signature = String.join(" > ", run.tools());
        AtomicLong added = new AtomicLong(-1);
        try {
            return db.inTransaction(s -> {
                // One writer per tenant at a time, so that twelve identical tasks ending together make one row.
                s.query("SELECT pg_advisory_xact_lock(hashtext(?))", rs -> 0, "kortana-episodes:" + run.tenant());
                List<Long> near = index.nearest(run.tenant(), vector, MIN_CANDIDATES).stream()
                        .filter(hit -> hit.similarity() >= mergeSimilarity)
                        .map(VectorIndex.Hit::id)
                        .toList();
                Map<Long, Object[]> same = new HashMap<>();
                if (!near.isEmpty()) {
                    s.query("SELECT id, detail, source_tasks FROM memories WHERE " + LIVE_EPISODES
                                    + " AND detail ->> 'signature' = ? AND id = ANY(?)",
                            rs -> same.put(rs.getLong(1), new Object[] {json(rs.getString(2)),
                                    rs.getArray(3).getArray()}),
                            run.tenant(), signature, near.stream().mapToLong(Long::longValue).toArray());
                }
                Optional<Long> closest = near.stream().filter(same::containsKey).findFirst();
                if (closest.isPresent()) {
                    long id = closest.get();
                    JsonNode detail = (JsonNode) same.get(id)[0];
                    List<String> sources = new ArrayList<>(Arrays.asList((String[]) same.get(id)[1]));
                    if (sources.contains(run.taskId())) {
                        return id;
                    }
                    sources.add(0, run.taskId());
                    ObjectNode counted = counted(detail, run);
                    s.update("UPDATE memories SET detail = CAST(? AS jsonb), quality = ?, last_used_at = now(), updated_at = now(),"
                                    + " source_tasks = ? WHERE id = ?",
                            counted.toString(), quality(counted), sources.subList(0, Math.min(SOURCE_TASKS, sources.size()))
                                    .toArray(String[]::new), id);
                    return id;
                }
                ObjectNode detail = counted(null, run);
                detail.put("signature", signature);
                detail.set("tools", Json.MAPPER.valueToTree(run.tools()));
                long id = s.queryOne("INSERT INTO memories (tenant, task_id, kind, content, embedding, embedding_model,"
                                + " source_tasks, detail, quality, last_used_at) VALUES (?, ?, 'episode', ?, ?, ?, ARRAY[?],"
                                + " CAST(? AS jsonb), ?, now()) RETURNING id",
                        rs -> rs.getLong(1), run.tenant(), run.taskId(), run.goal(), vector, embedder.model(), run.taskId(),
                        detail.toString(), quality(detail)).orElseThrow();
                // In the index before the lock is let go, so the next run of the same goal finds this row.
                index.put(id, run.tenant(), vector);
                added.set(id);
                return id;
            });
        } catch (RuntimeException e) {
            if (added.get() > 0) {
                index.remove(added.get()); // the row was not committed: its vector goes too
            }
            throw e;
        }
    }

    /**
     * The tenant's {@code k} episodes whose goals are most like {@code goal}, by meaning (the vector index) and by words
     * (full text), ranked by the cosine similarity of the goals; none below {@code minSimilarity}.
     */
    public List<Episode> similar(String tenant, String goal, int k, double minSimilarity) {
        if (goal.isBlank() || k < 1) {
            return List.of();
        }
        float[] vector = embedder.embed(goal);
        Set<Long> candidates = new LinkedHashSet<>();
        index.nearest(tenant, vector, Math.max(MIN_CANDIDATES, k * CANDIDATES_PER_HIT)).stream()
                .filter(hit -> hit.similarity() >= minSimilarity)
                .forEach(hit -> candidates.add(hit.id()));
        String anyWord = FullText.anyWord(goal);
        if (!anyWord.isEmpty()) {
            candidates.addAll(db.query("SELECT id FROM memories, to_tsquery('english', ?) q WHERE " + LIVE_EPISODES
                            + " AND tsv @@ q ORDER BY ts_rank(tsv, q) DESC, updated_at DESC LIMIT ?",
                    rs -> rs.getLong(1), anyWord, tenant, k * CANDIDATES_PER_HIT));
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Episode> found = db.query("SELECT id, content, detail, embedding, embedding_model FROM memories WHERE "
                        + LIVE_EPISODES + " AND id = ANY(?)",
                rs -> {
                    float[] stored = MemoryIndexSync.vector(rs.getArray(4));
                    double similarity = embedder.model().equals(rs.getString(5)) && stored != null ? dot(vector, stored) : 0;
                    return episode(rs.getLong(1), rs.getString(2), similarity, json(rs.getString(3)));
                },
                tenant, candidates.stream().mapToLong(Long::longValue).toArray());
        return found.stream()
                .filter(e -> e.similarity() >= minSimilarity)
                .sorted(Comparator.comparingDouble(Episode::similarity).reversed().thenComparing(Episode::id))
                .limit(k)
                .toList();
    }

    /** Marks episodes as used by a plan (their plan was reused), which keeps them past the retention. */
    public void used(List<Long> ids) {
        if (!ids.isEmpty()) {
            long[] used = ids.stream().mapToLong(Long::longValue).toArray();
            behind.submit(s -> s.update("UPDATE memories SET uses = uses + 1, last_used_at = now() WHERE kind = 'episode'"
                    + " AND id = ANY(?)", used));
        }
    }

    /**
     * Deletes episodes neither run nor used for {@code maxAge}, and each tenant's least recently used beyond
     * {@code maxPerTenant}, at most {@code batch} rows per call; their vectors leave the index. Returns how many went.
     */
    public int prune(Duration maxAge, int maxPerTenant, int batch) {
        List<Long> gone = db.query("DELETE FROM memories WHERE id IN (SELECT id FROM ("
                        + "SELECT id, last_used_at, row_number() OVER (PARTITION BY tenant ORDER BY last_used_at DESC NULLS LAST, id DESC) AS n"
                        + " FROM memories WHERE kind = 'episode') e"
                        + " WHERE n > ? OR last_used_at IS NULL OR last_used_at < now() - CAST(? AS double precision) * interval '1 second' LIMIT ?) RETURNING id",
                rs -> rs.getLong(1), maxPerTenant, maxAge.toSeconds(), batch);
        for (long id : gone) {
            try {
                index.remove(id);
            } catch (RuntimeException e) {
                // The next start sees the index over the table and rebuilds it; a search drops ids the table lacks.
                LOG.warn("Episode {} is deleted but still in the vector index ({})", id, e.toString());
            }
        }
        return gone.size();
    }

    private static ObjectNode counted(JsonNode before, Run run) {
        ObjectNode detail = before == null ? Json.MAPPER.createObjectNode() : before.deepCopy();
        int runs = detail.path("runs").asInt();
        double cost = run.costUsd() == null ? 0 : run.costUsd().doubleValue();
        detail.put("runs", runs + 1);
        detail.put("successes", detail.path("successes").asInt() + (run.completed() ? 1 : 0));
        detail.put("failures", detail.path("failures").asInt() + (run.completed() ? 0 : 1));
        detail.put("avgCostUsd", (detail.path("avgCostUsd").asDouble() * runs + cost) / (runs + 1));
        detail.put("avgDurationMs", Math.round((detail.path("avgDurationMs").asDouble() * runs + run.durationMs()) / (runs + 1)));
        detail.put("lastStatus", run.status());
        return detail;
    }

    /** How good the episode has proved: its success rate, pulled towards 0.5 while it has few runs. */
    private static double quality(JsonNode detail) {
        return (detail.path("successes").asInt() + 1.0) / (detail.path("runs").asInt() + 2.0);
    }

    private static Episode episode(long id, String goal, double similarity, JsonNode detail) {
        List<String> tools = new ArrayList<>();
        detail.path("tools").forEach(t -> tools.add(t.asText()));
        return new Episode(id, goal, similarity, tools, detail.path("runs").asInt(), detail.path("successes").asInt(),
                detail.path("failures").asInt(), detail.path("avgCostUsd").asDouble(), detail.path("avgDurationMs").asLong(),
                detail.path("lastStatus").asText(null));
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("an episode's detail is not JSON", e);
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
