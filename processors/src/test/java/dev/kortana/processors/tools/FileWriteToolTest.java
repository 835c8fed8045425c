package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWriteToolTest {

    private static final int LIMIT = 64;

    @TempDir
    Path temp;

    private Path sandbox;
    private Path outside;
    private FileWriteTool tool;

    @BeforeEach
    void setUp() throws IOException {
        sandbox = Files.createDirectories(temp.resolve("sandbox"));
        outside = Files.createDirectories(temp.resolve("outside"));
        tool = new FileWriteTool(sandbox, LIMIT);
    }

    @Test
    void isNamedFileWrite() {
        assertThat(tool.name()).isEqualTo("file.write");
    }

    @Test
    void writesARelativePathAndReportsBytes() throws Exception {
        ToolResult result = tool.invoke(call("reports/today.md", "héllo"));

        Path written = sandbox.resolve("reports/today.md");
        assertThat(written).hasContent("héllo");
        assertThat(result.output().get("bytes").asInt()).isEqualTo(6);
        assertThat(result.output().get("path").asText()).isEqualTo(Path.of("reports", "today.md").toString());
        assertThat(result.output().get("text").asText()).isEqualTo("wrote 6 bytes to " + Path.of("reports", "today.md"));
        assertThat(result.usage().modelCalls()).isZero();
    }

    @Test
    void leavesNoTemporaryFileBehind() throws Exception {
        tool.invoke(call("out.md", "content"));

        assertThat(list(sandbox)).containsExactly("out.md");
    }

    @Test
    void replacesAnExistingFileWhole() throws Exception {
        tool.invoke(call("out.md", "a longer first version"));
        tool.invoke(call("out.md", "short"));

        assertThat(sandbox.resolve("out.md")).hasContent("short");
        assertThat(list(sandbox)).containsExactly("out.md");
    }

    @Test
    void createsTheSandboxWhenItDoesNotExistYet() throws Exception {
        Path later = temp.resolve("not-yet");
        new FileWriteTool(later, LIMIT).invoke(call("a.txt", "x"));

        assertThat(later.resolve("a.txt")).hasContent("x");
    }

    @Test
    void refusesAPathThatClimbsOut() {
        assertThatThrownBy(() -> tool.invoke(call("../x", "escape")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("out of the sandbox");
        assertThat(temp.resolve("x")).doesNotExist();
    }

    @Test
    void refusesAPathThatClimbsOutAfterGoingIn() {
        assertThatThrownBy(() -> tool.invoke(call("a/../../outside/x", "escape"))).isInstanceOf(ToolFailure.class);
        assertThat(outside.resolve("x")).doesNotExist();
    }

    @Test
    void refusesAnAbsolutePath() {
        Path target = outside.resolve("abs.txt");

        assertThatThrownBy(() -> tool.invoke(call(target.toString(), "escape")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("relative");
        assertThat(target).doesNotExist();
    }

    @Test
    void refusesAHomeRelativePath() {
        assertThatThrownBy(() -> tool.invoke(call("~/x", "escape")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("relative");
    }

    @Test
    void refusesTheSandboxItself() {
        assertThatThrownBy(() -> tool.invoke(call(".", "x"))).isInstanceOf(ToolFailure.class);
    }

    @Test
    void refusesAFolder() throws IOException {
        Files.createDirectories(sandbox.resolve("folder"));

        assertThatThrownBy(() -> tool.invoke(call("folder", "x")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("folder");
    }

    @Test
    void refusesASymbolicLinkedFolderLeadingOut() throws IOException {
        Files.createSymbolicLink(sandbox.resolve("link"), outside);

        assertThatThrownBy(() -> tool.invoke(call("link/x.txt", "escape")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("symbolic link");
        assertThat(outside.resolve("x.txt")).doesNotExist();
    }

    @Test
    void refusesASymbolicLinkedFileLeadingOut() throws IOException {
        Path victim = Files.writeString(outside.resolve("victim.txt"), "original");
        Files.createSymbolicLink(sandbox.resolve("report.md"), victim);

        assertThatThrownBy(() -> tool.invoke(call("report.md", "overwritten")))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("symbolic link");
        assertThat(victim).hasContent("original");
    }

    @Test
    void refusesContentOverTheLimit() {
        String content = "é".repeat(LIMIT / 2 + 1);

        assertThatThrownBy(() -> tool.invoke(call("big.txt", content)))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining(String.valueOf(content.getBytes(StandardCharsets.UTF_8).length))
                .hasMessageContaining(String.valueOf(LIMIT));
        assertThat(sandbox.resolve("big.txt")).doesNotExist();
    }

    @Test
    void acceptsContentExactlyAtTheLimit() throws Exception {
        tool.invoke(call("full.txt", "x".repeat(LIMIT)));

        assertThat(Files.size(sandbox.resolve("full.txt"))).isEqualTo(LIMIT);
    }

    @Test
    void requiresPathAndContent() {
        assertThatThrownBy(() -> tool.invoke(new ToolCall("t-1", "default", 0, Map.of("content", "x"))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'path'");
        assertThatThrownBy(() -> tool.invoke(new ToolCall("t-1", "default", 0, Map.of("path", "a.txt"))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("'content'");
    }

    private static ToolCall call(String path, String content) {
        return new ToolCall("t-1", "default", 0, Map.of("path", path, "content", content));
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
