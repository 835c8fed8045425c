package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PlanStep;
import dev.kortana.processors.model.HistoryChoice;
import dev.kortana.processors.model.PlanHistory;
import dev.kortana.processors.store.EpisodeStore;
import dev.kortana.processors.store.ToolMetricsStore;
import dev.kortana.processors.tools.ToolSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the planner learns from a task's tenant: the {@code k} episodes whose goals are most like the task's, with their
 * plans and success rates, and the recent record of each tool the task may use. A history that cannot be read is no
 * history: the plan is made without it.
 */
public class PlanningHistory {

    public static final PlanningHistory NONE = new PlanningHistory(null, null, 0, 1, Duration.ZERO);

    private static final Logger LOG = LoggerFactory.getLogger(PlanningHistory.class);

    private final EpisodeStore episodes;
    private final ToolMetricsStore metrics;
    private final int k;
    private final double minSimilarity;
    private final Duration window;

    /**
     * @param k             similar episodes given to the planner
     * @param minSimilarity cosine similarity of goals an episode needs to count as similar
     * @param window        how far back tool metrics are summed
     */
    public PlanningHistory(EpisodeStore episodes, ToolMetricsStore metrics, int k, double minSimilarity, Duration window) {
        this.episodes = episodes;
        this.metrics = metrics;
        this.k = k;
        this.minSimilarity = minSimilarity;
        this.window = window;
    }

    public PlanHistory of(AgentTask task, List<ToolSpec> tools) {
        if (episodes == null) {
            return PlanHistory.NONE;
        }
        try {
            List<PlanHistory.Episode> similar = episodes.similar(task.tenant(), task.goal(), k, minSimilarity).stream()
                    .map(e -> new PlanHistory.Episode(e.id(), e.goal(), e.similarity(), e.tools(), e.runs(), e.successes(),
                            e.failures(), e.avgCostUsd(), e.avgDurationMs()))
                    .toList();
            List<PlanHistory.ToolRecord> records = metrics.recent(task.tenant(), tools.stream().map(ToolSpec::name).toList(), window)
                    .stream()
                    .map(t -> new PlanHistory.ToolRecord(t.tool(), t.calls(), t.successes(), t.failures(),
                            t.calls() == 0 ? 0 : t.totalMs() / t.calls(),
                            t.calls() == 0 ? 0 : t.totalCostUsd().doubleValue() / t.calls()))
                    .toList();
            return new PlanHistory(similar, records);
        } catch (RuntimeException e) {
            LOG.warn("Planning task {} without history: {}", task.id(), e.toString());
            return PlanHistory.NONE;
        }
    }

    /**
     * What informed a plan, for its PLANNED event: the episodes and tool metrics the planner was given, the episodes
     * whose plan it follows (those are marked used) and the tools it was told to avoid. Empty without history.
     */
    public Map<String, Object> informed(PlanHistory history, List<PlanStep> plan) {
        Map<String, Object> detail = new LinkedHashMap<>();
        if (history.isEmpty()) {
            return detail;
        }
        List<String> tools = plan.stream().map(PlanStep::tool).toList();
        detail.put("episodes", history.episodes().stream().map(PlanHistory.Episode::id).toList());
        detail.put("toolMetrics", history.toolMetrics().stream()
                .map(t -> Map.of("tool", t.tool(), "calls", t.calls(), "failures", t.failures()))
                .toList());
        List<Long> followed = history.episodes().stream().filter(e -> e.tools().equals(tools)).map(PlanHistory.Episode::id).toList();
        if (!followed.isEmpty()) {
            detail.put("reusedEpisodes", followed);
            try {
                episodes.used(followed);
            } catch (RuntimeException e) {
                LOG.warn("Episodes {} were reused but not marked used: {}", followed, e.toString());
            }
        }
        List<String> avoided = HistoryChoice.failing(history).stream().filter(t -> !tools.contains(t)).sorted().toList();
        if (!avoided.isEmpty()) {
            detail.put("avoidedTools", avoided);
        }
        return detail;
    }
}
