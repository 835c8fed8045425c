package dev.kortana.processors.memory;

import java.util.Set;

/**
 * The words that turn a statement into its opposite, lower case: one list for every place that asks whether two
 * statements say the same (what a task learned, consolidation on write, dedup in maintenance).
 */
public final class Negations {

    private static final Set<String> WORDS = Set.of("not", "no", "never", "none", "nothing", "nobody", "neither", "nor",
            "without", "cannot");

    private Negations() {}

    /** Whether {@code word} (lower case, without surrounding punctuation) negates: a listed word or any "…n't". */
    public static boolean is(String word) {
        return WORDS.contains(word) || word.endsWith("n't");
    }
}
