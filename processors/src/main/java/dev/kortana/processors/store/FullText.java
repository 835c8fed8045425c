package dev.kortana.processors.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Queries for PostgreSQL full text. */
final class FullText {

    private FullText() {}

    /**
     * A tsquery matching any word of {@code text} ({@code a | b | c}), built from letters and digits only so that no
     * query operator of the text reaches PostgreSQL; empty when the text has no word.
     */
    static String anyWord(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> w.length() > 1)
                .distinct()
                .collect(Collectors.joining(" | "));
    }
}
