package dev.kortana.processors.memory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link Embedder} that remembers the vectors of the texts it embedded last, at most {@code capacity} of them: a
 * task's goal is embedded to plan from past episodes, to search memory and to record its episode, and tasks of one
 * kind repeat goals; MiniLM costs a few milliseconds of CPU a text. Least recently used texts go first, so memory stays
 * bounded (capacity × dimensions floats). Thread-safe; callers get their own copy of a vector.
 */
public final class RecentEmbeddings implements Embedder {

    /** Longer texts are embedded every time: they seldom repeat, and keys that long would weigh on the cache. */
    static final int MAX_KEY_CHARS = 2_000;

    private final Embedder embedder;
    private final Map<String, float[]> recent;
    private long hits;
    private long misses;

    public RecentEmbeddings(Embedder embedder, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.embedder = embedder;
        this.recent = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public String model() {
        return embedder.model();
    }

    @Override
    public int dimensions() {
        return embedder.dimensions();
    }

    @Override
    public float[] embed(String text) {
        if (text.length() > MAX_KEY_CHARS) {
            return embedder.embed(text);
        }
        synchronized (recent) {
            float[] known = recent.get(text);
            if (known != null) {
                hits++;
                return known.clone();
            }
            misses++;
        }
        float[] vector = embedder.embed(text); // outside the lock: two threads may embed one text at once, harmlessly
        synchronized (recent) {
            recent.put(text, vector.clone());
        }
        return vector;
    }

    /** Embeddings answered from memory, and made, since the start. */
    public long[] hitsAndMisses() {
        synchronized (recent) {
            return new long[] {hits, misses};
        }
    }
}
