package dev.kortana.processors.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Word handling for the offline model: lower-case words without stop words, with plurals folded. */
final class Words {

    static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for",
            "with", "by", "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these",
            "those", "what", "which", "who", "whom", "about", "into", "over", "under", "me", "my", "we", "our", "you",
            "your", "i", "he", "she", "they", "them", "their", "do", "does", "did", "so", "than", "then", "there",
            "please", "can", "could", "would", "should", "will", "shall", "all", "any", "some", "no", "not", "how",
            "when", "where", "why", "us", "if", "up", "out", "has", "have", "had");

    private Words() {}

    static List<String> of(String text) {
        List<String> words = new ArrayList<>();
        for (String raw : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (raw.length() > 1 && !STOP.contains(raw)) {
                words.add(fold(raw));
            }
        }
        return words;
    }

    /** Folds simple English inflections so "outages" meets "outage" and "knows" meets "know". */
    static String fold(String word) {
        if (word.length() > 4 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }
}
