package dev.kortana.processors.maintenance;

import static dev.kortana.processors.maintenance.Rows.row;
import static dev.kortana.processors.maintenance.Rows.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearDuplicatesTest {

    private final NearDuplicates duplicates = new NearDuplicates(0.92);

    @Test
    void rowsAboveTheThresholdJoinTheBestQualityRowThenTheNewest() {
        MemoryRow old = row(1, "broker 3 ran out of disk", 0.5f, 0, vector(1, 0, 0));
        MemoryRow best = row(2, "broker 3 ran out of disk space", 0.9f, 1, vector(0.99f, 0.1f, 0));
        MemoryRow newest = row(3, "Broker 3 ran out of disk.", 0.5f, 2, vector(0.98f, 0.15f, 0));
        MemoryRow other = row(4, "consumers lagged", 0.5f, 3, vector(0, 1, 0));

        List<NearDuplicates.Cluster> clusters = duplicates.clusters(List.of(old, best, newest, other));

        assertThat(clusters).singleElement().satisfies(c -> {
            assertThat(c.survivor().id()).isEqualTo(2);
            assertThat(c.merged()).extracting(MemoryRow::id).containsExactly(3L, 1L);
        });
    }

    @Test
    void withEqualQualityTheNewestSurvives() {
        List<NearDuplicates.Cluster> clusters = duplicates.clusters(List.of(
                row(1, "a fact", 0.5f, 0, vector(1, 0)), row(2, "a fact!", 0.5f, 5, vector(1, 0))));

        assertThat(clusters).singleElement().extracting(c -> c.survivor().id()).isEqualTo(2L);
    }

    @Test
    void aChangedNumberOrANegationIsAnotherFactHoweverCloseTheVectors() {
        MemoryRow three = row(1, "Broker 3 ran out of disk on 2 November", 0.5f, 0, vector(1, 0));
        MemoryRow four = row(2, "Broker 4 ran out of disk on 2 November", 0.5f, 1, vector(1, 0));
        MemoryRow not = row(3, "Broker 3 did not run out of disk on 2 November", 0.5f, 2, vector(1, 0));
        MemoryRow didnt = row(4, "Broker 3 didn't run out of disk on 2 November.", 0.5f, 3, vector(1, 0));

        List<NearDuplicates.Cluster> clusters = duplicates.clusters(List.of(three, four, not, didnt));

        assertThat(clusters).singleElement().satisfies(c -> {
            assertThat(c.survivor().id()).isEqualTo(4);
            assertThat(c.merged()).extracting(MemoryRow::id).containsExactly(3L);
        });
    }

    @Test
    void belowTheThresholdOrWithoutAnEmbeddingNothingMerges() {
        assertThat(duplicates.clusters(List.of(row(1, "a", 0.5f, 0, vector(1, 0)), row(2, "b", 0.5f, 1, vector(0.9f, 0.43f)))))
                .isEmpty();
        assertThat(duplicates.clusters(List.of(row(1, "a", 0.5f, 0, null), row(2, "a", 0.5f, 1, null)))).isEmpty();
    }

    @Test
    void marksAreTheNumbersAndWhetherItIsNegated() {
        assertThat(NearDuplicates.marks("Paid supplier 7 twice, not 3.5 times.")).containsExactly("3.5", "7", "not");
        assertThat(NearDuplicates.marks("Nothing new")).containsExactly("not");
        assertThat(NearDuplicates.marks("A plain sentence.")).isEmpty();
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new NearDuplicates(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NearDuplicates(1.2)).isInstanceOf(IllegalArgumentException.class);
    }
}
