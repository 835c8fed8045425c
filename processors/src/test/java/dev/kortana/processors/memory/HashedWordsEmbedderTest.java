package dev.kortana.processors.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HashedWordsEmbedderTest {

    private final HashedWordsEmbedder embedder = new HashedWordsEmbedder(384);

    @Test
    void theSameTextGivesTheSameUnitVector() {
        float[] a = embedder.embed("Broker 3 ran out of disk");
        assertThat(a).hasSize(384).containsExactly(embedder.embed("broker 3 ran out of disk"));
        assertThat(dot(a, a)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void sharedWordsAreCloserThanOtherWords() {
        float[] taught = embedder.embed("broker 3 ran out of disk");
        assertThat(dot(taught, embedder.embed("which broker ran out of disks")))
                .isGreaterThan(dot(taught, embedder.embed("the invoice was paid twice")) + 0.5);
    }

    @Test
    void aTextWithoutWordsStillHasAUnitVector() {
        assertThat(dot(embedder.embed("!!"), embedder.embed("?"))).isCloseTo(1.0, within(1e-5));
        assertThat(embedder.model()).isEqualTo("hashed-words-v1-384");
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
