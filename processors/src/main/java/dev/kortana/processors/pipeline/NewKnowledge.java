package dev.kortana.processors.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a task's answer adds to memory: its sentences that neither restate a memory the task retrieved nor repeat the
 * task's goal, at most {@code maxChars} of them. An answer built from memory is therefore not stored again as new
 * knowledge, so a recall never quotes the recalls before it.
 */
final class NewKnowledge {

    /** A sentence counts as known when this share of its words are in one sentence already known. */
    static final double KNOWN_OVERLAP = 0.8;

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\R+");
    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    // How MemoryStage labels an episode's parts: a boundary between sentences wherever a quote of one puts them.
    private static final Pattern LABEL = Pattern.compile("\\b(Goal|Result):\\s*");

    private final int maxChars;

    NewKnowledge(int maxChars) {
        this.maxChars = maxChars;
    }

    /** The new sentences of {@code answer}, in their order, within the size limit; empty when nothing is new. */
    String of(String answer, String goal, List<String> retrieved) {
        List<Set<String>> known = new ArrayList<>();
        known.add(words(goal));
        for (String memory : retrieved) {
            sentences(memory).forEach(s -> known.add(words(s)));
        }
        StringBuilder learned = new StringBuilder();
        for (String sentence : sentences(answer)) {
            Set<String> words = words(sentence);
            if (words.isEmpty() || known.stream().anyMatch(k -> covers(k, words))) {
                continue;
            }
            if (learned.length() + sentence.length() + 1 > maxChars) {
                break;
            }
            learned.append(learned.length() == 0 ? "" : " ").append(sentence);
            known.add(words); // a sentence said twice in one answer is learned once
        }
        return learned.toString();
    }

    private static boolean covers(Set<String> known, Set<String> sentence) {
        long shared = sentence.stream().filter(known::contains).count();
        return shared >= Math.ceil(KNOWN_OVERLAP * sentence.size());
    }

    private static List<String> sentences(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(SENTENCE_END.split(LABEL.matcher(text).replaceAll("\n").strip()))
                .map(String::strip)
                .filter(s -> !s.isBlank())
                .toList();
    }

    private static Set<String> words(String text) {
        if (text == null) {
            return Set.of();
        }
        return Arrays.stream(NOT_A_WORD.split(text.toLowerCase(Locale.ROOT)))
                .filter(w -> !w.isEmpty())
                .collect(Collectors.toCollection(HashSet::new));
    }
}
