package dev.kortana.processors.maintenance;

import dev.kortana.processors.memory.Consolidation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Groups memories of one tenant and kind into clusters of near-duplicates. Rows are taken best first (highest
 * quality, then newest); each joins the first cluster whose survivor's embedding is at least {@code threshold} cosine
 * similar to its own and says the same numbers and negations (so "broker 3 is down" never swallows "broker 4 is down"
 * or "broker 3 is not down"), else it starts a cluster of its own as its survivor.
 */
public final class NearDuplicates {

    /** A survivor and the rows merged into it (never empty). */
    public record Cluster(MemoryRow survivor, List<MemoryRow> merged) {}

    /** Best quality first, then newest, then highest id: the order in which rows become survivors. */
    public static final Comparator<MemoryRow> BEST_FIRST = Comparator.comparingDouble((MemoryRow r) -> r.quality()).reversed()
            .thenComparing(MemoryRow::createdAt, Comparator.reverseOrder())
            .thenComparing(MemoryRow::id, Comparator.reverseOrder());

    private final double threshold;

    public NearDuplicates(double threshold) {
        if (threshold <= 0 || threshold > 1) {
            throw new IllegalArgumentException("a merge similarity is above 0 and at most 1, not " + threshold);
        }
        this.threshold = threshold;
    }

    /** The clusters of more than one row; rows without an embedding are left alone. */
    public List<Cluster> clusters(List<MemoryRow> rows) {
        List<MemoryRow> ordered = rows.stream().filter(r -> r.embedding() != null).sorted(BEST_FIRST).toList();
        List<MemoryRow> survivors = new ArrayList<>();
        List<List<MemoryRow>> members = new ArrayList<>();
        List<Set<String>> marks = new ArrayList<>();
        for (MemoryRow row : ordered) {
            Set<String> mark = marks(row.content());
            int joined = -1;
            for (int i = 0; i < survivors.size() && joined < 0; i++) {
                if (mark.equals(marks.get(i)) && cosine(row.embedding(), survivors.get(i).embedding()) >= threshold) {
                    joined = i;
                }
            }
            if (joined >= 0) {
                members.get(joined).add(row);
            } else {
                survivors.add(row);
                members.add(new ArrayList<>());
                marks.add(mark);
            }
        }
        List<Cluster> clusters = new ArrayList<>();
        for (int i = 0; i < survivors.size(); i++) {
            if (!members.get(i).isEmpty()) {
                clusters.add(new Cluster(survivors.get(i), List.copyOf(members.get(i))));
            }
        }
        return clusters;
    }

    /** Cosine similarity; stored embeddings are unit vectors, but a row from elsewhere may not be. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return -1;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** The words that change a fact's meaning however similar the rest is: its numbers and whether it is negated. */
    static Set<String> marks(String content) {
        return Consolidation.values(content);
    }
}
