package dev.kortana.processors.pipeline;

import dev.kortana.processors.memory.Negations;
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
 * knowledge, so a recall never quotes the recalls before it. A sentence that changes a number or a negation of what is
 * known is new: an update is never taken for an echo.
 */
final class NewKnowledge {

    /** A sentence restates a memory when this share of its words are in one sentence of it. */
    static final double KNOWN_OVERLAP = 0.8;
    /** A sentence repeats the goal only when the two hold almost the same words, both ways. */
    static final double GOAL_OVERLAP = 0.95;

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\R+");
    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");
    // How MemoryStage labels an episode's parts: a boundary between sentences wherever a quote of one puts them.
    private static final Pattern LABEL = Pattern.compile("\\b(Goal|Result):\\s*");

    private final int maxChars;

    NewKnowledge(int maxChars) {
        this.maxChars = maxChars;
    }

    /** The new sentences of {@code answer}, in their order, within the size limit; empty when nothing is new. */
    String of(String answer, String goal, List<String> retrieved) {
        Set<String> goalWords = words(goal);
        List<Set<String>> known = new ArrayList<>();
        for (String memory : retrieved) {
            sentences(memory).forEach(s -> known.add(words(s)));
        }
        StringBuilder learned = new StringBuilder();
        for (String sentence : sentences(answer)) {
            Set<String> words = words(sentence);
            if (words.isEmpty() || repeats(goalWords, words) || known.stream().anyMatch(k -> restates(k, words))) {
                continue;
            }
            int room = maxChars - learned.length() - (learned.length() == 0 ? 0 : 1);
            if (sentence.length() > room) {
                if (learned.length() == 0) {
                    learned.append(cut(sentence, maxChars)); // one long answer (JSON, a table) keeps its beginning
                }
                break;
            }
            learned.append(learned.length() == 0 ? "" : " ").append(sentence);
            known.add(words); // a sentence said twice in one answer is learned once
        }
        return learned.toString();
    }

    private static boolean repeats(Set<String> goal, Set<String> sentence) {
        return share(sentence, goal) >= GOAL_OVERLAP && share(goal, sentence) >= GOAL_OVERLAP;
    }

    /** Most words of {@code sentence} are in {@code known}, and it changes none of its numbers or negations. */
    private static boolean restates(Set<String> known, Set<String> sentence) {
        boolean sameFacts = sentence.stream().filter(NewKnowledge::hasDigit).allMatch(known::contains)
                && negations(sentence).equals(negations(known));
        return sameFacts && share(sentence, known) >= KNOWN_OVERLAP;
    }

    /** The share of {@code words} found in {@code in}. */
    private static double share(Set<String> words, Set<String> in) {
        return words.isEmpty() ? 0 : (double) words.stream().filter(in::contains).count() / words.size();
    }

    private static Set<String> negations(Set<String> words) {
        return words.stream().filter(Negations::is).collect(Collectors.toSet());
    }

    private static boolean hasDigit(String word) {
        return word.chars().anyMatch(Character::isDigit);
    }

    private static String cut(String text, int max) {
        int end = text.lastIndexOf(' ', max);
        return text.substring(0, end > max / 2 ? end : max);
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
                .map(w -> w.replaceAll("^'+|'+$", ""))
                .filter(w -> !w.isEmpty())
                .collect(Collectors.toCollection(HashSet::new));
    }
}
