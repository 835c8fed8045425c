package dev.kortana.processors.model;

import dev.kortana.processors.tools.ToolSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the offline planner takes from {@link PlanHistory}, as pure functions: a plan that worked for goals like this one
 * is reused, a tool that keeps failing gives way to another tool of its phase, and tools of one phase are tried in
 * order of their recent success rate.
 */
public final class HistoryChoice {

    /** Episodes at least this close to the goal (cosine similarity) count as "the same kind of task". */
    public static final double REUSE_MIN_SIMILARITY = 0.75;
    /** Runs a plan needs, over the similar episodes that ran it, before it is trusted... */
    public static final int REUSE_MIN_RUNS = 3;
    /** ... and the share of them that must have completed. */
    public static final double REUSE_MIN_SUCCESS_RATE = 0.8;
    /** Recent calls a tool needs before its failure rate is believed... */
    public static final int AVOID_MIN_CALLS = 5;
    /** ... and the failure rate at which it gives way to another tool of its phase. */
    public static final double AVOID_FAILURE_RATE = 0.5;
    /** The success rate a tool without recent calls is ranked at. */
    private static final double UNMEASURED = 0.5;

    /** A plan to reuse: its tools in order, the episodes that ran it, and how those runs ended. */
    public record Reuse(List<String> tools, List<Long> episodes, int runs, int successes, double similarity) {}

    private HistoryChoice() {}

    /** The tools whose recent record says they keep failing. */
    public static Set<String> failing(PlanHistory history) {
        return history.toolMetrics().stream()
                .filter(t -> t.calls() >= AVOID_MIN_CALLS && t.failureRate() >= AVOID_FAILURE_RATE)
                .map(PlanHistory.ToolRecord::tool)
                .collect(Collectors.toSet());
    }

    /**
     * The best plan of the similar episodes that may be reused now: episodes with the same tools count together; the
     * plan needs enough runs and a high success rate, every tool allowed ({@code tools}) and usable for this goal
     * ({@code usable}: e.g. a URL for a tool that requires one), and none of its tools failing lately. The closest such
     * plan wins, then the more successful, then the more tried.
     */
    public static Optional<Reuse> reusable(PlanHistory history, List<ToolSpec> tools, Predicate<ToolSpec> usable) {
        Map<String, ToolSpec> allowed = new HashMap<>();
        tools.forEach(t -> allowed.put(t.name(), t));
        Set<String> failing = failing(history);
        Map<List<String>, List<PlanHistory.Episode>> byPlan = new LinkedHashMap<>();
        for (PlanHistory.Episode e : history.episodes()) {
            if (e.similarity() >= REUSE_MIN_SIMILARITY && !e.tools().isEmpty()) {
                byPlan.computeIfAbsent(e.tools(), k -> new ArrayList<>()).add(e);
            }
        }
        List<Reuse> candidates = new ArrayList<>();
        byPlan.forEach((plan, episodes) -> {
            int runs = episodes.stream().mapToInt(PlanHistory.Episode::runs).sum();
            int successes = episodes.stream().mapToInt(PlanHistory.Episode::successes).sum();
            boolean runnable = plan.stream().allMatch(t -> allowed.containsKey(t) && usable.test(allowed.get(t)) && !failing.contains(t));
            if (runnable && runs >= REUSE_MIN_RUNS && successes >= REUSE_MIN_SUCCESS_RATE * runs) {
                double closest = episodes.stream().mapToDouble(PlanHistory.Episode::similarity).max().orElse(0);
                candidates.add(new Reuse(plan, episodes.stream().map(PlanHistory.Episode::id).toList(), runs, successes, closest));
            }
        });
        return candidates.stream().max(Comparator.comparingDouble(Reuse::similarity)
                .thenComparingDouble(r -> (double) r.successes() / r.runs())
                .thenComparingInt(Reuse::runs));
    }

    /**
     * The candidate tools in plan order (gather → transform → emit), within a phase the most successful first; a tool
     * that keeps failing is left out when another tool of its phase remains (when it is the only one, the task needs it).
     */
    public static List<ToolSpec> prefer(List<ToolSpec> candidates, PlanHistory history) {
        Set<String> failing = failing(history);
        Map<String, Double> rates = new HashMap<>();
        history.toolMetrics().stream().filter(t -> t.calls() > 0).forEach(t -> rates.put(t.tool(), t.successRate()));
        List<ToolSpec> kept = candidates.stream()
                .filter(t -> !failing.contains(t.name()) || candidates.stream()
                        .noneMatch(other -> other.phase().equals(t.phase()) && !failing.contains(other.name())))
                .toList();
        return kept.stream()
                .sorted(Comparator.comparingInt(ToolSpec::phaseOrder)
                        .thenComparing(t -> -rates.getOrDefault(t.name(), UNMEASURED)))
                .toList();
    }
}
