package dev.kortana.processors.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges rankings of the same memories (full text, vectors) into one: reciprocal rank fusion, where an item scores
 * {@code 1 / (k + rank)} in each list that holds it, so agreement between lists counts and no list's raw scores have
 * to be comparable with another's. The fused score is then weighed by recency: a memory loses half of the weight
 * recency can take from it every half-life, and never more than {@code recencyShare} of its relevance.
 */
public final class RankFusion {

    /** A memory's place in the fused ranking and its score there. */
    public record Ranked(long id, double score) {}

    /** What a memory brings besides its ranks: when it was last made or confirmed, and its quality (0…1). */
    public record Prior(Instant freshAt, double quality) {}

    /** The quality of a memory nobody has judged yet: neither raised nor lowered in the ranking. */
    public static final double NEUTRAL_QUALITY = 0.5;

    /** The usual constant of reciprocal rank fusion: a first place is worth 1/61, a tenth 1/70. */
    public static final int K = 60;

    private final Duration halfLife;
    private final double recencyShare;

    /**
     * @param halfLife     age at which a memory's recency weight is halfway down
     * @param recencyShare how much of its relevance an old memory can lose, 0 (recency ignored) … 1
     */
    public RankFusion(Duration halfLife, double recencyShare) {
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("the recency half-life must be positive, not " + halfLife);
        }
        if (recencyShare < 0 || recencyShare > 1) {
            throw new IllegalArgumentException("the recency share must be between 0 and 1, not " + recencyShare);
        }
        this.halfLife = halfLife;
        this.recencyShare = recencyShare;
    }

    /**
     * Fuses the rankings (each best first, ids of one tenant's memories) and returns at most {@code limit} ids, best
     * first; {@code createdAt} gives each id's age for the recency weight (an id it lacks counts as new).
     */
    public List<Ranked> fuse(List<List<Long>> rankings, Map<Long, Instant> createdAt, Instant now, int limit) {
        Map<Long, Prior> priors = new HashMap<>();
        createdAt.forEach((id, at) -> priors.put(id, new Prior(at, NEUTRAL_QUALITY)));
        return fuseWith(rankings, priors, now, limit);
    }

    /** As {@link #fuse}, each id weighed by its prior's recency and quality (an id without one counts as new and neutral). */
    public List<Ranked> fuseWith(List<List<Long>> rankings, Map<Long, Prior> priors, Instant now, int limit) {
        Map<Long, Double> relevance = new HashMap<>();
        for (List<Long> ranking : rankings) {
            for (int i = 0; i < ranking.size(); i++) {
                relevance.merge(ranking.get(i), 1.0 / (K + i + 1), Double::sum);
            }
        }
        return relevance.entrySet().stream()
                .map(e -> new Ranked(e.getKey(), e.getValue() * weight(priors.get(e.getKey()), now)))
                .sorted(Comparator.comparingDouble(Ranked::score).reversed().thenComparing(Comparator.comparingLong(Ranked::id).reversed()))
                .limit(limit)
                .toList();
    }

    private double weight(Prior prior, Instant now) {
        return prior == null ? 1.0 : recency(prior.freshAt(), now) * (0.5 + prior.quality());
    }

    /** 1 for a memory made now, falling towards {@code 1 - recencyShare} as it ages. */
    double recency(Instant created, Instant now) {
        if (created == null || !created.isBefore(now)) {
            return 1.0;
        }
        double halfLives = (double) Duration.between(created, now).toMillis() / halfLife.toMillis();
        return 1.0 - recencyShare + recencyShare * Math.pow(0.5, halfLives);
    }
}
