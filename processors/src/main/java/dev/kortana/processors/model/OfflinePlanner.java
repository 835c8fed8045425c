package dev.kortana.processors.model;

import dev.kortana.contracts.PlanStep;
import dev.kortana.processors.tools.ToolSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plans without a language model: a tool is chosen when the goal shares words with its keywords or description and
 * its requirements are met (a URL for {@code http.request}); chosen tools run gather → transform → emit, each
 * feeding the next through {@code {{steps.N.output}}}. When nothing matches, the plan summarises the goal itself.
 * With a {@link PlanHistory}, a plan that worked for similar goals is reused (its tools, with the arguments this
 * planner gives them for this goal), and among matching tools the ones that keep failing give way ({@link HistoryChoice}).
 */
public final class OfflinePlanner {

    /** Braces are not URL characters (RFC 3986): a goal's {@code {{…}}} never becomes part of a planned URL. */
    private static final Pattern URL = Pattern.compile("https?://[^\\s\"'<>{}]+");
    private static final int KEYWORD_WEIGHT = 2;
    private static final int MIN_SCORE = 2;

    private OfflinePlanner() {}

    public static List<PlanStep> plan(String goal, String inputsText, List<ToolSpec> tools) {
        return plan(goal, inputsText, tools, PlanHistory.NONE);
    }

    public static List<PlanStep> plan(String goal, String inputsText, List<ToolSpec> tools, PlanHistory history) {
        Set<String> goalWords = new HashSet<>(Words.of(goal));
        String url = firstUrl(goal + " " + inputsText);
        Optional<HistoryChoice.Reuse> reuse = HistoryChoice.reusable(history, tools, t -> requirementMet(t, url));
        if (reuse.isPresent()) {
            Map<String, ToolSpec> byName = new HashMap<>();
            tools.forEach(t -> byName.put(t.name(), t));
            HistoryChoice.Reuse r = reuse.get();
            String why = "reuses the plan of episode" + (r.episodes().size() == 1 ? " #" : "s #")
                    + r.episodes().stream().map(String::valueOf).collect(Collectors.joining(", #"))
                    + " (" + r.successes() + " of " + r.runs() + " runs completed)";
            return steps(r.tools().stream().map(byName::get).toList(), inputsText, url, t -> why);
        }
        List<ToolSpec> chosen = HistoryChoice.prefer(tools.stream()
                .filter(t -> requirementMet(t, url))
                .filter(t -> score(t, goalWords) >= MIN_SCORE)
                .sorted(Comparator.comparingInt(ToolSpec::phaseOrder))
                .toList(), history);
        if (chosen.isEmpty()) {
            chosen = tools.stream().filter(t -> t.name().equals("text.summarize")).toList();
        }
        return steps(chosen, inputsText, url, t -> "goal matches " + t.name() + " (" + t.phase() + ")");
    }

    private static List<PlanStep> steps(List<ToolSpec> chosen, String inputsText, String url,
            Function<ToolSpec, String> rationale) {
        List<PlanStep> plan = new ArrayList<>();
        for (ToolSpec tool : chosen) {
            int index = plan.size();
            String previous = index == 0 ? (inputsText.isBlank() ? "{{goal}}" : "{{goal}}\n\n{{inputs}}")
                    : "{{steps." + (index - 1) + ".output}}";
            Map<String, Object> args = new LinkedHashMap<>();
            tool.planArgs().forEach((k, v) -> args.put(k, v instanceof String s ? fill(s, url, previous) : v));
            plan.add(new PlanStep(tool.name(), args, rationale.apply(tool), index == 0 ? List.of() : List.of(index - 1)));
        }
        return plan;
    }

    static int score(ToolSpec tool, Set<String> goalWords) {
        int score = 0;
        Set<String> keywords = new HashSet<>();
        tool.keywords().forEach(k -> keywords.add(Words.fold(k.toLowerCase(java.util.Locale.ROOT))));
        Set<String> described = new HashSet<>(Words.of(tool.description()));
        for (String w : goalWords) {
            if (keywords.contains(w)) {
                score += KEYWORD_WEIGHT;
            } else if (described.contains(w)) {
                score += 1;
            }
        }
        return score;
    }

    private static boolean requirementMet(ToolSpec tool, String url) {
        return tool.requires() == null || ("url".equals(tool.requires()) && url != null);
    }

    private static String firstUrl(String text) {
        Matcher m = URL.matcher(text);
        return m.find() ? m.group().replaceAll("[.,;:)]+$", "") : null;
    }

    /**
     * The tool's plan-args with {@code {{url}}} and {@code {{previous}}} filled in. The goal and the inputs stay
     * references ({@code {{goal}}}, {@code {{inputs}}}) that {@code StepArguments} resolves when the step runs: the task's
     * text is data, and copied into the plan it would be read as a template ("{{steps.0.output}}" in an input would
     * make the step wait for itself).
     */
    private static String fill(String template, String url, String previous) {
        return template.replace("{{url}}", url == null ? "" : url)
                .replace("{{previous}}", previous);
    }
}
