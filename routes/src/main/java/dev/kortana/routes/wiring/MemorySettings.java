package dev.kortana.routes.wiring;

import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.HashedWordsEmbedder;
import dev.kortana.processors.memory.MiniLmEmbedder;
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
 */
record MemorySettings(String embedder, double minSimilarity, Duration halfLife) {

    /** The vector index's folder under the data dir: derived from the memories table, safe to delete when stopped. */
    static Path indexDir(Path dataDir) {
        return dataDir.resolve("memory-index");
    }

    static MemorySettings from(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        String similarity = p.resolveProperty("kortana.memory.min-similarity").map(String::trim).orElse("0.3");
        double minSimilarity;
        try {
            minSimilarity = Double.parseDouble(similarity);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kortana.memory.min-similarity = " + similarity
                    + " is not a number; write a cosine similarity from -1 to 1, e.g. 0.3", e);
        }
        if (minSimilarity < -1 || minSimilarity > 1) {
            throw new IllegalArgumentException("kortana.memory.min-similarity = " + similarity
                    + " is out of range; write a cosine similarity from -1 to 1, e.g. 0.3");
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
        return new MemorySettings(embedder, minSimilarity, Duration.ofDays(days));
    }

    /** Loads the embedder now: the model is needed by the first memory written, and a broken one should stop the start. */
    Embedder loadEmbedder(Path dataDir) {
        return embedder.equals(MiniLmEmbedder.MODEL)
                ? new MiniLmEmbedder(dataDir.resolve("cache").resolve("djl"))
                : new HashedWordsEmbedder(384);
    }
}
