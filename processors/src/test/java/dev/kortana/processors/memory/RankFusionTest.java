package dev.kortana.processors.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankFusionTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private final RankFusion fusion = new RankFusion(Duration.ofDays(30), 0.5);

    @Test
    void aMemoryBothRankingsFindBeatsTheTopOfOnlyOne() {
        List<RankFusion.Ranked> fused = fusion.fuse(List.of(List.of(1L, 2L, 3L), List.of(4L, 3L, 5L)), Map.of(), NOW, 10);

        assertThat(fused).extracting(RankFusion.Ranked::id).startsWith(3L).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        assertThat(fused.get(0).score()).isEqualTo(1.0 / 63 + 1.0 / 62);
    }

    @Test
    void equalRanksInEachListTieAndTheNewerIdGoesFirst() {
        assertThat(fusion.fuse(List.of(List.of(7L), List.of(9L)), Map.of(), NOW, 10))
                .extracting(RankFusion.Ranked::id).containsExactly(9L, 7L);
    }

    @Test
    void anOldMemoryLosesToAnEquallyRelevantNewOneButKeepsHalfItsScore() {
        Map<Long, Instant> created = Map.of(1L, NOW.minus(Duration.ofDays(365)), 2L, NOW.minus(Duration.ofDays(1)));

        List<RankFusion.Ranked> fused = fusion.fuse(List.of(List.of(1L, 2L), List.of(2L, 1L)), created, NOW, 10);

        assertThat(fused).extracting(RankFusion.Ranked::id).containsExactly(2L, 1L);
        double relevance = 1.0 / 61 + 1.0 / 62;
        assertThat(fused.get(1).score()).isBetween(relevance * 0.5, relevance * 0.51);
    }

    @Test
    void recencyIsHalfwayDownAfterOneHalfLife() {
        assertThat(fusion.recency(NOW.minus(Duration.ofDays(30)), NOW)).isEqualTo(0.75);
        assertThat(fusion.recency(NOW, NOW)).isEqualTo(1.0);
        assertThat(new RankFusion(Duration.ofDays(30), 0).recency(NOW.minus(Duration.ofDays(900)), NOW)).isEqualTo(1.0);
    }

    @Test
    void aMuchMoreRelevantOldMemoryStillBeatsAWeakNewOne() {
        Map<Long, Instant> created = Map.of(1L, NOW.minus(Duration.ofDays(3650)), 2L, NOW);
        List<Long> words = List.of(1L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L, 26L,
                27L, 28L, 29L, 30L, 31L, 32L, 33L, 34L, 35L, 36L, 37L, 38L, 39L, 40L, 41L, 42L, 43L, 44L, 45L, 46L, 47L, 48L,
                49L, 50L, 51L, 52L, 53L, 54L, 55L, 56L, 57L, 58L, 59L, 60L, 61L, 62L, 63L, 64L, 65L, 66L, 67L, 68L, 2L);

        List<RankFusion.Ranked> fused = fusion.fuse(List.of(words, List.of(1L)), created, NOW, 100);

        assertThat(fused.indexOf(fused.stream().filter(r -> r.id() == 1L).findFirst().orElseThrow()))
                .isLessThan(fused.indexOf(fused.stream().filter(r -> r.id() == 2L).findFirst().orElseThrow()));
    }

    @Test
    void keepsAtMostTheLimit() {
        assertThat(fusion.fuse(List.of(List.of(1L, 2L, 3L, 4L)), Map.of(), NOW, 2)).extracting(RankFusion.Ranked::id)
                .containsExactly(1L, 2L);
        assertThat(fusion.fuse(List.of(List.of(), List.of()), Map.of(), NOW, 5)).isEmpty();
    }

    @Test
    void refusesAHalfLifeOrShareThatMakesNoSense() {
        assertThatThrownBy(() -> new RankFusion(Duration.ZERO, 0.5)).hasMessageContaining("half-life must be positive");
        assertThatThrownBy(() -> new RankFusion(Duration.ofDays(1), 1.5)).hasMessageContaining("between 0 and 1");
    }

    @Test
    void aProvenMemoryOutranksAnEquallyRelevantDiscreditedOne() {
        Map<Long, RankFusion.Prior> priors = Map.of(1L, new RankFusion.Prior(NOW, 0.1), 2L, new RankFusion.Prior(NOW, 0.9));

        List<RankFusion.Ranked> fused = fusion.fuseWith(List.of(List.of(1L, 2L), List.of(2L, 1L)), priors, NOW, 10);

        assertThat(fused).extracting(RankFusion.Ranked::id).containsExactly(2L, 1L);
        double relevance = 1.0 / 61 + 1.0 / 62;
        assertThat(fused.get(0).score()).isCloseTo(relevance * 1.4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(relevance * 0.6, org.assertj.core.data.Offset.offset(1e-12));
    }
}
