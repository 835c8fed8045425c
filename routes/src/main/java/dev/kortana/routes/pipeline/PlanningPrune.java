package dev.kortana.routes.pipeline;

import dev.kortana.processors.store.EpisodeStore;
import dev.kortana.processors.store.ToolMetricsStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lifecycle of what planning learns: old tool-metric hours and stale or surplus episodes are deleted. */
public class PlanningPrune {

    private static final Logger LOG = LoggerFactory.getLogger(PlanningPrune.class);
    /** Episodes deleted per round at most (each leaves the vector index with a commit); the next round takes the rest. */
    static final int EPISODE_BATCH = 500;

    private final EpisodeStore episodes;
    private final ToolMetricsStore metrics;
    private final Duration episodeRetention;
    private final int maxEpisodesPerTenant;
    private final Duration metricsRetention;

    public PlanningPrune(EpisodeStore episodes, ToolMetricsStore metrics, Duration episodeRetention, int maxEpisodesPerTenant,
            Duration metricsRetention) {
        this.episodes = episodes;
        this.metrics = metrics;
        this.episodeRetention = episodeRetention;
        this.maxEpisodesPerTenant = maxEpisodesPerTenant;
        this.metricsRetention = metricsRetention;
    }

    /** One round; returns the rows deleted (episodes and metric hours). */
    public int prune() {
        int hours = metrics.prune(metricsRetention);
        int gone = episodes.prune(episodeRetention, maxEpisodesPerTenant, EPISODE_BATCH);
        if (hours + gone > 0) {
            LOG.info("Planning history pruned: {} episodes, {} tool-metric hours", gone, hours);
        }
        return hours + gone;
    }
}
