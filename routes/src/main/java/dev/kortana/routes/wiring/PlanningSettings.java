package dev.kortana.routes.wiring;

import dev.kortana.routes.Settings;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Settings of adaptive planning ({@code kortana.planning.*}); see docs/CONFIGURATION.md.
 *
 * @param mergeSimilarity      goal similarity at which a finished task joins an episode with the same tools
 * @param similarEpisodes      episodes handed to the planner
 * @param minSimilarity        goal similarity an episode needs to be handed to the planner
 * @param metricsWindow        how far back the planner sums tool metrics
 * @param metricsRetention     age after which an hour of tool metrics is deleted
 * @param episodeRetention     time without a run or a reuse after which an episode is deleted
 * @param maxEpisodesPerTenant episodes a tenant keeps at most (the least recently used go first)
 */
record PlanningSettings(double mergeSimilarity, int similarEpisodes, double minSimilarity, Duration metricsWindow,
        Duration metricsRetention, Duration episodeRetention, int maxEpisodesPerTenant) {

    static PlanningSettings from(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        PlanningSettings settings = new PlanningSettings(
                similarity(p, "kortana.planning.episode-merge-similarity", "0.9"),
                (int) Settings.number(p, "kortana.planning.similar-episodes", "5"),
                similarity(p, "kortana.planning.episode-min-similarity", "0.5"),
                Duration.ofHours(Settings.number(p, "kortana.planning.metrics-window-hours", "24")),
                Duration.ofDays(Settings.number(p, "kortana.planning.metrics-retention-days", "30")),
                Duration.ofDays(Settings.number(p, "kortana.planning.episode-retention-days", "90")),
                (int) Settings.number(p, "kortana.planning.max-episodes-per-tenant", "2000"));
        if (settings.similarEpisodes < 0 || settings.maxEpisodesPerTenant < 1 || settings.metricsWindow.isNegative()
                || settings.metricsRetention.compareTo(settings.metricsWindow) < 0 || settings.episodeRetention.toDays() < 1) {
            throw new IllegalArgumentException("kortana.planning.*: similar-episodes must be 0 or more, max-episodes-per-tenant"
                    + " and episode-retention-days at least 1, and metrics-retention-days must cover metrics-window-hours; got "
                    + settings);
        }
        return settings;
    }

    private static double similarity(PropertiesComponent p, String key, String fallback) {
        String value = p.resolveProperty(key).map(String::trim).orElse(fallback);
        try {
            double similarity = Double.parseDouble(value);
            if (similarity >= -1 && similarity <= 1) {
                return similarity;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(key + " = " + value + " is not a cosine similarity; write a number from -1 to 1, e.g. "
                + fallback);
    }
}
