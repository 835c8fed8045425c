package dev.kortana.processors.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoryMergeTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theSurvivorKeepsItsTextAndTakesMaxQualitySummedUsesLatestUseAndEveryonesProvenance() {
        MemoryRow survivor = new MemoryRow(5, "acme", "t-5", "fact", "kept text", 0.6f, 2, Rows.T0.plusSeconds(50),
                Rows.T0.plusSeconds(5), Rows.T0, List.of("t-5"), List.of(1L), null, null, new float[] {1}, "m");
        MemoryRow older = new MemoryRow(3, "acme", "t-3", "fact", "other text", 0.9f, 4, Rows.T0.plusSeconds(90),
                Rows.T0.plusSeconds(3), Rows.T0, List.of("t-0", "t-3"), List.of(2L), null, null, new float[] {1}, "m");
        MemoryRow newer = new MemoryRow(8, "acme", "t-8", "fact", "more text", 0.1f, 1, null,
                Rows.T0.plusSeconds(8), Rows.T0, List.of("t-8", "t-5"), List.of(), null, null, new float[] {1}, "m");

        MemoryRow merged = MemoryMerge.merged(survivor, List.of(older, newer), 20, NOW);

        assertThat(merged.id()).isEqualTo(5);
        assertThat(merged.content()).isEqualTo("kept text");
        assertThat(merged.quality()).isEqualTo(0.9f);
        assertThat(merged.uses()).isEqualTo(7);
        assertThat(merged.lastUsedAt()).isEqualTo(Rows.T0.plusSeconds(90));
        assertThat(merged.updatedAt()).isEqualTo(NOW);
        assertThat(merged.sourceTasks()).as("oldest first, a task seen again moves to the recent end")
                .containsExactly("t-0", "t-3", "t-8", "t-5");
        assertThat(merged.mergedFrom()).containsExactly(1L, 2L, 3L, 8L);
    }

    @Test
    void sourceTasksKeepOnlyTheMostRecent() {
        MemoryRow survivor = Rows.row(100, "x", 0.5f, 100, new float[] {1});
        List<MemoryRow> others = IntStream.range(0, 30).mapToObj(i -> Rows.row(i, "x", 0.5f, i, new float[] {1})).toList();

        MemoryRow merged = MemoryMerge.merged(survivor, others, 20, NOW);

        assertThat(merged.sourceTasks()).hasSize(20).startsWith("t-11").endsWith("t-29", "t-100");
        assertThat(merged.mergedFrom()).hasSize(30);
    }
}
