package dev.kortana.processors.memory;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a new memory is to the tenant's memories of its kind that are near it in meaning: a twin of one (merge it into
 * that one, which gains the new source), an update of one (the same statement with another number or the opposite
 * negation: the new one supersedes the old), or new. A twin must keep every number and negation of the memory it joins,
 * so "retention is 7 days" never merges into "retention is 30 days", however close their vectors are; an update must
 * say the same in every other word, so "broker 3 ran out of disk" does not supersede "broker 4 ran out of memory".
 */
public final class Consolidation {

    /** A stored memory near the new one, and the cosine similarity of their vectors. */
    public record Neighbour(long id, String content, double similarity) {}

    /** What to do with the new memory; {@code target} is the row merged into or superseded (0 for {@link Action#NEW}). */
    public record Decision(Action action, long target) {

        static final Decision NEW = new Decision(Action.NEW, 0);
    }

    public enum Action { NEW, MERGE, SUPERSEDE }

    /** The share of their other words (not numbers, not negations) two statements of one fact hold in common. */
    static final double SAME_STATEMENT = 0.8;

    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}'.]+|(?<!\\d)\\.|\\.(?!\\d)");

    private final double mergeSimilarity;
    private final double relatedSimilarity;

    /**
     * @param mergeSimilarity   cosine similarity from which a memory with the same numbers and negations is a twin
     * @param relatedSimilarity cosine similarity from which a memory may be an update of another
     */
    public Consolidation(double mergeSimilarity, double relatedSimilarity) {
        if (relatedSimilarity > mergeSimilarity) {
            throw new IllegalArgumentException("the similarity of an update (" + relatedSimilarity
                    + ") cannot be above that of a twin (" + mergeSimilarity + ")");
        }
        this.mergeSimilarity = mergeSimilarity;
        this.relatedSimilarity = relatedSimilarity;
    }

    public double mergeSimilarity() {
        return mergeSimilarity;
    }

    public double relatedSimilarity() {
        return relatedSimilarity;
    }

    /** The decision for {@code content} against its neighbours, the most similar considered first. */
    public Decision decide(String content, List<Neighbour> neighbours) {
        Claims added = Claims.of(content);
        List<Neighbour> nearestFirst = neighbours.stream()
                .sorted((a, b) -> Double.compare(b.similarity(), a.similarity()))
                .toList();
        for (Neighbour n : nearestFirst) {
            if (n.similarity() < relatedSimilarity) {
                break;
            }
            Claims known = Claims.of(n.content());
            boolean sameValues = added.numbers().equals(known.numbers()) && added.negations().equals(known.negations());
            if (sameValues && (n.similarity() >= mergeSimilarity || added.words().equals(known.words()))) {
                return new Decision(Action.MERGE, n.id());
            }
            if (!sameValues && overlap(added.words(), known.words()) >= SAME_STATEMENT) {
                return new Decision(Action.SUPERSEDE, n.id());
            }
        }
        return Decision.NEW;
    }

    /**
     * What must be equal for two statements to be twins however close their vectors: their numbers, and {@code "not"}
     * when they are negated (maintenance's dedup compares these, as consolidation on write does).
     */
    public static Set<String> values(String content) {
        Claims claims = Claims.of(content);
        Set<String> values = new java.util.TreeSet<>(claims.numbers());
        if (!claims.negations().isEmpty()) {
            values.add("not");
        }
        return values;
    }

    /** Jaccard similarity of two word sets; two empty sets (statements of numbers only) are the same statement. */
    static double overlap(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return (double) a.stream().filter(b::contains).count() / union.size();
    }

    /** A statement taken apart: its numbers, its negations and its other words, all lower case. */
    record Claims(Set<String> numbers, Set<String> negations, Set<String> words) {

        static Claims of(String text) {
            Set<String> tokens = Arrays.stream(NOT_A_WORD.split(text.toLowerCase(Locale.ROOT)))
                    .map(w -> w.replaceAll("^'+|'+$", ""))
                    .filter(w -> !w.isEmpty())
                    .collect(Collectors.toSet());
            Set<String> numbers = tokens.stream().filter(Claims::hasDigit).collect(Collectors.toSet());
            Set<String> negations = tokens.stream().filter(Negations::is).collect(Collectors.toSet());
            Set<String> words = tokens.stream().filter(t -> !numbers.contains(t) && !negations.contains(t))
                    .collect(Collectors.toSet());
            return new Claims(numbers, negations, words);
        }

        private static boolean hasDigit(String word) {
            return word.chars().anyMatch(Character::isDigit);
        }
    }
}
