package dev.kortana.processors.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentEmbeddingsTest {

    /** Counts what it is asked to embed. */
    private static final class Counting implements Embedder {
        final List<String> embedded = new ArrayList<>();
        private final HashedWordsEmbedder words = new HashedWordsEmbedder(16);

        @Override
        public String model() {
            return words.model();
        }

        @Override
        public int dimensions() {
            return 16;
        }

        @Override
        public float[] embed(String text) {
            embedded.add(text);
            return words.embed(text);
        }
    }

    @Test
    void aTextSeenRecentlyIsNotEmbeddedAgainAndCallersCannotChangeTheRememberedVector() {
        Counting model = new Counting();
        RecentEmbeddings cache = new RecentEmbeddings(model, 8);

        float[] first = cache.embed("summarize the quarterly report");
        first[0] = 42f;
        float[] second = cache.embed("summarize the quarterly report");

        assertThat(model.embedded).containsExactly("summarize the quarterly report");
        assertThat(second).isEqualTo(model.embed("summarize the quarterly report"));
        assertThat(cache.hitsAndMisses()).containsExactly(1, 1);
        assertThat(cache.model()).isEqualTo(model.model());
    }

    @Test
    void theLeastRecentlyUsedTextGoesFirstSoTheCacheStaysWithinItsCapacity() {
        Counting model = new Counting();
        RecentEmbeddings cache = new RecentEmbeddings(model, 2);
        cache.embed("a");
        cache.embed("b");
        cache.embed("a"); // a is now the most recent
        cache.embed("c"); // b goes

        cache.embed("a");
        cache.embed("b");

        assertThat(model.embedded).containsExactly("a", "b", "c", "b");
    }

    @Test
    void longTextsAreEmbeddedEveryTime() {
        Counting model = new Counting();
        RecentEmbeddings cache = new RecentEmbeddings(model, 8);
        String longText = "x".repeat(RecentEmbeddings.MAX_KEY_CHARS + 1);

        cache.embed(longText);
        cache.embed(longText);

        assertThat(model.embedded).hasSize(2);
    }
}
