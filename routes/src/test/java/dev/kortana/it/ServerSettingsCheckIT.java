package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.ServerSettingsCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The start-up check of the server's settings against the real PostgreSQL: it warns exactly when autovacuum is off
 * there (CI's server runs with it off, so CI sees the warning; a default server does not).
 */
class ServerSettingsCheckIT {

    final String schema = TestDatabase.newSchema();

    @AfterEach
    void drop() {
        TestDatabase.dropSchema(schema);
    }

    @Test
    void warnsNamingTheFixExactlyWhenAutovacuumIsOff() {
        Database db = TestStore.migrated(schema);
        boolean off = "off".equals(db.queryOne("SHOW autovacuum", rs -> rs.getString(1)).orElseThrow());

        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(ServerSettingsCheck.warnIfAutovacuumOff(db)).isEqualTo(off);

            if (off) {
                assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("autovacuum is off")
                        .contains("ALTER SYSTEM SET autovacuum = on"));
            } else {
                assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains("autovacuum is off"));
            }
        }
    }
}
