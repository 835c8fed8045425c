package dev.kortana.processors.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditAnchorTest {

    @TempDir
    Path dataDir;

    @Test
    void remembersTheLastHeadWrittenAndNothingBefore() {
        AuditAnchor anchor = AuditAnchor.in(dataDir);
        assertThat(anchor.read()).isEmpty();

        anchor.write(new AuditAnchor.Mark(7, "abc"));
        anchor.write(new AuditAnchor.Mark(9, "def"));

        assertThat(anchor.read()).contains(new AuditAnchor.Mark(9, "def"));
        assertThat(dataDir.resolve("audit")).isDirectoryContaining(p -> p.getFileName().toString().equals("anchor"))
                .isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".next"));
    }

    @Test
    void aFileThatIsNotAnAnchorIsNamedWithTheFix() throws Exception {
        Files.createDirectories(dataDir.resolve("audit"));
        Files.writeString(dataDir.resolve("audit/anchor"), "garbage");

        assertThatThrownBy(() -> AuditAnchor.in(dataDir).read()).hasMessageContaining("anchor is not an audit anchor")
                .hasMessageContaining("move it away");
    }

    @Test
    void namesAShortenedOrRewrittenLogAndAcceptsOneThatGrew() {
        AuditAnchor anchor = AuditAnchor.in(dataDir);
        AuditAnchor.Mark mark = new AuditAnchor.Mark(5, "h5");

        assertThat(anchor.problem(mark, 0, null)).hasValueSatisfying(p -> assertThat(p).contains("the log is empty"));
        assertThat(anchor.problem(mark, 3, null)).hasValueSatisfying(p -> assertThat(p).contains("ends at row 3"));
        assertThat(anchor.problem(mark, 8, "other")).hasValueSatisfying(p -> assertThat(p).contains("row 5 has another hash"));
        assertThat(anchor.problem(mark, 8, "h5")).as("other instances appended after it").isEmpty();
        assertThat(AuditAnchor.NONE.read()).isEmpty();
    }
}
