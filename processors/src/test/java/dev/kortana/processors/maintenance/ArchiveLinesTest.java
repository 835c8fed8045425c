package dev.kortana.processors.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveLinesTest {

    @TempDir
    Path dir;

    @Test
    void aRowSurvivesTheLineWithEveryColumnAndItsEmbedding() {
        MemoryRow row = new MemoryRow(42, "acme", "t-1", "episode", "Broker 3 ran out of disk \"again\"\n", 0.25f, 3,
                Rows.T0.plusSeconds(9), Rows.T0, Rows.T0.plusSeconds(1), List.of("t-0", "t-1"), List.of(7L, 9L), 51L,
                "{\"steps\":2}", new float[] {0.6f, -0.8f, 1e-7f}, "all-minilm-l6-v2-q");

        MemoryRow back = ArchiveLines.read(ArchiveLines.write(row));

        assertThat(back).usingRecursiveComparison().isEqualTo(row);
        assertThat(ArchiveLines.write(row)).doesNotContain("\n");
    }

    @Test
    void nullsStayNull() {
        MemoryRow row = new MemoryRow(1, "acme", null, "fact", "x", 0.5f, 0, null, Rows.T0, Rows.T0, List.of(), List.of(),
                null, null, null, null);

        assertThat(ArchiveLines.read(ArchiveLines.write(row))).usingRecursiveComparison().isEqualTo(row);
    }

    @Test
    void aLineOfAnotherFormatIsRefusedNamingIt() {
        assertThatThrownBy(() -> ArchiveLines.read("{\"v\":2,\"id\":1}")).hasMessageContaining("format 2");
    }

    @Test
    void aFileIsWrittenWholeAndReadBackAndNoLinesDeletesIt() {
        Path file = dir.resolve("memories-1" + ArchiveFile.SUFFIX);
        ArchiveFile.write(file, List.of("{\"a\":1}", "{\"b\":2}"));

        assertThat(ArchiveFile.read(file)).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(ArchiveFile.all(dir)).containsExactly(file);

        ArchiveFile.write(file, List.of());
        assertThat(ArchiveFile.all(dir)).isEmpty();
    }
}
