package dev.kortana.processors.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.processors.memory.Consolidation.Action;
import dev.kortana.processors.memory.Consolidation.Decision;
import dev.kortana.processors.memory.Consolidation.Neighbour;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsolidationTest {

    private final Consolidation consolidation = new Consolidation(0.92, 0.6);

    @Test
    void aCloseParaphraseWithTheSameNumbersMergesIntoTheMemoryItRepeats() {
        Decision d = consolidation.decide("Broker 3 ran out of disk space on 2 November.",
                List.of(new Neighbour(7, "On 2 November broker 3 ran out of disk.", 0.95)));

        assertThat(d).isEqualTo(new Decision(Action.MERGE, 7));
    }

    @Test
    void theSameWordsMergeEvenBelowTheTwinSimilarity() {
        assertThat(consolidation.decide("disk alert at 80 percent", List.of(new Neighbour(3, "Disk alert at 80 percent.", 0.7))))
                .isEqualTo(new Decision(Action.MERGE, 3));
    }

    @Test
    void aChangedNumberSupersedesTheOlderStatementInsteadOfMergingIntoIt() {
        Decision d = consolidation.decide("The log retention is 30 days.",
                List.of(new Neighbour(4, "The log retention is 7 days.", 0.97)));

        assertThat(d).isEqualTo(new Decision(Action.SUPERSEDE, 4));
    }

    @Test
    void anAddedNegationSupersedesToo() {
        assertThat(consolidation.decide("Deploys are not allowed on Fridays.",
                List.of(new Neighbour(9, "Deploys are allowed on Fridays.", 0.9))))
                .isEqualTo(new Decision(Action.SUPERSEDE, 9));
    }

    @Test
    void anotherStatementWithOtherNumbersIsNewNotAnUpdate() {
        assertThat(consolidation.decide("Broker 4 ran out of memory.",
                List.of(new Neighbour(1, "Broker 3 ran out of disk.", 0.8))))
                .isEqualTo(new Decision(Action.NEW, 0));
    }

    @Test
    void neighboursBelowTheRelatedSimilarityAreNeverTouched() {
        assertThat(consolidation.decide("The log retention is 30 days.",
                List.of(new Neighbour(4, "The log retention is 7 days.", 0.5))).action()).isEqualTo(Action.NEW);
    }

    @Test
    void theMostSimilarNeighbourDecidesFirst() {
        Decision d = consolidation.decide("Consumers lagged for 40 minutes.", List.of(
                new Neighbour(1, "Consumers lagged for 40 minutes during the outage.", 0.93),
                new Neighbour(2, "Consumers lagged for 40 minutes.", 0.99)));

        assertThat(d).isEqualTo(new Decision(Action.MERGE, 2));
    }

    @Test
    void decimalsAreNumbersAndSentenceDotsAreNot() {
        assertThat(Consolidation.Claims.of("Latency rose to 7.5 ms.").numbers()).containsExactly("7.5");
        assertThat(Consolidation.Claims.of("Latency rose to 7.5 ms.").words()).containsExactlyInAnyOrder("latency", "rose", "to", "ms");
    }

    @Test
    void anUpdateThresholdAboveTheTwinThresholdIsRefused() {
        assertThatThrownBy(() -> new Consolidation(0.8, 0.9)).hasMessageContaining("cannot be above");
    }
}
