package dev.kortana.processors.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Deterministic extractive summary: scores each sentence by how frequent its words are in the whole text and keeps
 * the best ones in their original order. No network, no model weights, the same input gives the same summary.
 */
public final class ExtractiveSummarizer {

    private ExtractiveSummarizer() {}

    public static String summarize(String text, int maxSentences) {
        List<String> sentences = sentences(text);
        if (sentences.isEmpty()) {
            return "";
        }
        if (sentences.size() <= maxSentences) {
            return join(sentences);
        }
        Map<String, Integer> frequency = new HashMap<>();
        Words.of(text).forEach(w -> frequency.merge(w, 1, Integer::sum));
        double[] score = new double[sentences.size()];
        for (int i = 0; i < sentences.size(); i++) {
            List<String> words = Words.of(sentences.get(i));
            score[i] = words.isEmpty() ? 0 : words.stream().mapToInt(frequency::get).sum() / Math.sqrt(words.size());
        }
        return join(IntStream.range(0, sentences.size())
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -score[i]).thenComparingInt(i -> i))
                .limit(maxSentences)
                .sorted()
                .map(sentences::get)
                .toList());
    }

    /**
     * The sentences in one text: after a full stop (or ! ?) a space, after a line without one (a heading, a goal, a list
     * item) a line break, so the summary keeps the boundary and a reader of it (the memory stage) sees two sentences.
     */
    private static String join(List<String> sentences) {
        StringBuilder text = new StringBuilder();
        for (String sentence : sentences) {
            if (text.length() > 0) {
                char last = text.charAt(text.length() - 1);
                text.append(last == '.' || last == '!' || last == '?' ? " " : "\n");
            }
            text.append(sentence);
        }
        return text.toString();
    }

    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split("(?<=[.!?])\\s+|\\n\\s*\\n|\\n(?=\\s*[-*•])")) {
            String s = part.strip().replaceAll("\\s+", " ");
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
