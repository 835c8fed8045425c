package dev.kortana.routes.wiring;

import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.pipeline.EpisodeRecorder;
import dev.kortana.processors.pipeline.PlanningHistory;
import dev.kortana.processors.pipeline.StepMetrics;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.EpisodeStore;
import dev.kortana.processors.store.ToolMetricsStore;
import dev.kortana.processors.store.WriteBehind;
import dev.kortana.routes.pipeline.PlanningPrune;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Adaptive planning from the {@code kortana.planning.*} settings: episodes in the memory table and index, tool metrics,
 * the history the planner reads, and the pruning that bounds both. Needs {@link MemoryWiring} to have run.
 */
record PlanningWiring(EpisodeRecorder episodes, StepMetrics steps, PlanningHistory history) {

    static PlanningWiring start(CamelContext context, Database db) {
        PlanningSettings settings = PlanningSettings.from(context);
        Registry registry = context.getRegistry();
        WriteBehind behind = registry.lookupByNameAndType(KortanaConfiguration.WRITE_BEHIND, WriteBehind.class);
        EpisodeStore episodes = new EpisodeStore(db, registry.lookupByNameAndType("memoryEmbedder", Embedder.class),
                registry.lookupByNameAndType("memoryIndex", VectorIndex.class), settings.mergeSimilarity(), behind);
        ToolMetricsStore metrics = new ToolMetricsStore(db, behind);
        registry.bind("planningPrune", new PlanningPrune(episodes, metrics, settings.episodeRetention(),
                settings.maxEpisodesPerTenant(), settings.metricsRetention()));
        return new PlanningWiring(new EpisodeRecorder(episodes), metrics::record,
                new PlanningHistory(episodes, metrics, settings.similarEpisodes(), settings.minSimilarity(), settings.metricsWindow()));
    }
}
