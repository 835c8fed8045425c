package dev.kortana.processors.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Allocation-free any-of tests over the small word arrays a condition is compiled to. */
final class Words {

    private Words() {}

    static String[] lowerCase(List<String> words) {
        return words.stream().map(w -> w.toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
    }

    /** Whether {@code value} equals one of {@code wanted}, ignoring case; a null value matches nothing. */
    static boolean oneOf(String value, String[] wanted) {
        if (value == null) {
            return false;
        }
        for (String w : wanted) {
            if (w.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code tags} holds one of {@code wanted} (both lower case). */
    static boolean anyIn(List<String> tags, String[] wanted) {
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            for (String w : wanted) {
                if (w.equals(tag)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code tags} holds one of {@code wanted}. */
    static boolean anyIn(Set<String> tags, String[] wanted) {
        for (String w : wanted) {
            if (tags.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code tags} misses at least one of {@code wanted}. */
    static boolean lacksAny(Set<String> tags, String[] wanted) {
        for (String w : wanted) {
            if (!tags.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} contains one of {@code needles}, ignoring case. */
    static boolean containsAny(String text, String[] needles) {
        for (String needle : needles) {
            for (int at = 0; at + needle.length() <= text.length(); at++) {
                if (text.regionMatches(true, at, needle, 0, needle.length())) {
                    return true;
                }
            }
        }
        return false;
    }
}
