package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.routes.wiring.EmbeddedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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

    private static String show(Connection c, String setting) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
