package dev.kortana.routes.wiring;

import dev.kortana.processors.memory.Consolidation;
import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.HashedWordsEmbedder;
import dev.kortana.processors.memory.MiniLmEmbedder;
import dev.kortana.processors.memory.RecentEmbeddings;
import dev.kortana.routes.Settings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Settings of memory search ({@code kortana.memory.*}); see docs/CONFIGURATION.md.
 *
 * @param embedder      {@value MiniLmEmbedder#MODEL} (meaning, from the model in the jar) or
 *                      {@value HashedWordsEmbedder#MODEL} (shared words only, no model)
 * @param minSimilarity cosine similarity a vector neighbour needs to count as a match
 * @param halfLife      age at which recency has taken half of what it can from a memory's score
 * @param consolidation when a new memory joins a twin or supersedes what it updates
 */
record MemorySettings(String embedder, double minSimilarity, Duration halfLife, Consolidation consolidation) {

    /** The vector index's folder under the data dir: derived from the memories table, safe to delete when stopped. */
    static Path indexDir(Path dataDir) {
        return dataDir.resolve("memory-index");
    }

    static MemorySettings from(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        double minSimilarity = similarity(p, "kortana.memory.min-similarity", "0.3");
        double merge = similarity(p, "kortana.memory.merge-similarity", "0.92");
        double update = similarity(p, "kortana.memory.update-similarity", "0.6");
        if (update > merge) {
            throw new IllegalArgumentException("kortana.memory.update-similarity = " + update + " is above"
                    + " kortana.memory.merge-similarity = " + merge + "; an update must be allowed to be less alike than a twin");
        }
        long days = Settings.number(p, "kortana.memory.recency-half-life-days", "30");
        if (days < 1) {
            throw new IllegalArgumentException("kortana.memory.recency-half-life-days = " + days + " must be at least 1");
        }
        String embedder = p.resolveProperty("kortana.memory.embedder").map(String::trim).orElse(MiniLmEmbedder.MODEL);
        if (!embedder.equals(MiniLmEmbedder.MODEL) && !embedder.equals(HashedWordsEmbedder.MODEL)) {
            throw new IllegalArgumentException("kortana.memory.embedder = " + embedder + " is not known; use "
                    + MiniLmEmbedder.MODEL + " (search by meaning) or " + HashedWordsEmbedder.MODEL
                    + " (by shared words, no model)");
        }
        return new MemorySettings(embedder, minSimilarity, Duration.ofDays(days), new Consolidation(merge, update));
    }

    private static double similarity(PropertiesComponent p, String key, String fallback) {
        String written = p.resolveProperty(key).map(String::trim).orElse(fallback);
        double value;
        try {
            value = Double.parseDouble(written);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = " + written
                    + " is not a number; write a cosine similarity from -1 to 1, e.g. " + fallback, e);
        }
        if (value < -1 || value > 1) {
            throw new IllegalArgumentException(key + " = " + written
                    + " is out of range; write a cosine similarity from -1 to 1, e.g. " + fallback);
        }
        return value;
    }

    /** Loads the embedder now: the model is needed by the first memory written, and a broken one should stop the start. */
    Embedder loadEmbedder(Path dataDir) {
        // A goal is embedded to plan, to search memory and to record the episode, and goals repeat: the last 1,024
        // texts' vectors (1.5 MB) are kept.
        return embedder.equals(MiniLmEmbedder.MODEL)
                ? new RecentEmbeddings(new MiniLmEmbedder(dataDir.resolve("cache").resolve("djl")), 1024)
                : new HashedWordsEmbedder(384);
    }
}
