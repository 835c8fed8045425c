package dev.kortana.routes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the sweep counts as ignored: files that are not tasks, never the file consumer's own read-lock markers. */
class InboxSweepTest {

    @TempDir
    Path inbox;

    @Test
    void leavesTheReadLockMarkerOfAFileBeingReadUncountedButCountsAStrayOne() throws Exception {
        Files.writeString(inbox.resolve("task.json"), "{\"goal\":\"g\"}");
        Files.createFile(inbox.resolve("task.json.camelLock"));
        Files.createFile(inbox.resolve("gone.json.camelLock"));
        Files.createFile(inbox.resolve("notes.txt"));
        List<String> counted = new ArrayList<>();

        new InboxSweep(inbox, counted::add).sweep();

        assertThat(counted).containsExactly("not-json", "not-json").hasSize(2);
    }
}
