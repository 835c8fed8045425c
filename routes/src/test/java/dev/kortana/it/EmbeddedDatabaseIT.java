package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.routes.wiring.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero-setup store is a real, durable PostgreSQL: accepted means on disk. */
class EmbeddedDatabaseIT {

    @TempDir
    Path dataDir;

    @Test
    void runsWithEveryDurabilitySettingOn() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir)) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl())) {
                assertThat(show(c, "fsync")).isEqualTo("on");
                assertThat(show(c, "synchronous_commit")).isEqualTo("on");
                assertThat(show(c, "full_page_writes")).isEqualTo("on");
            }
        }
        assertThat(dataDir.resolve("db/PG_VERSION")).exists();
    }

    @Test
    void aStartThatFailsLeavesNoDatabaseRunning() throws Exception {
        Files.createDirectories(dataDir.resolve("audit"));
        Files.writeString(dataDir.resolve("audit/anchor"), "999 abc\n"); // a log that reached row 999 and is gone now

        assertThatThrownBy(() -> RunningKortana.start(dataDir, "anchored", Map.of("kortana.db.url", "")))
                .hasMessageContaining("did not start").hasStackTraceContaining("wrote the audit log up to row 999");

        String db = dataDir.resolve("db").toString();
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")).filter(line -> line.contains(db)))
                .as("the embedded PostgreSQL of the failed start").isEmpty();
    }

    private static String show(Connection c, String setting) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
