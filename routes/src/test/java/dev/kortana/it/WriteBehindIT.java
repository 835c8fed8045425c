package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.WriteBehind;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Telemetry written behind, on the real PostgreSQL: in order, many writes to a commit, one bad write losing only itself. */
class WriteBehindIT {

    static String schema = TestDatabase.newSchema();
    static Database db = TestStore.migrated(schema);

    @BeforeAll
    static void table() {
        db.update("CREATE TABLE wb_rows (n int PRIMARY KEY, xid bigint NOT NULL DEFAULT txid_current())");
    }

    @BeforeEach
    void empty() {
        db.update("DELETE FROM wb_rows");
    }

    @AfterAll
    static void drop() {
        TestDatabase.dropSchema(schema);
    }

    @Test
    void writesQueuedBeforeAFlushShareOneTransactionAndAreThereWhenItReturns() {
        try (WriteBehind behind = WriteBehind.start(db, Duration.ofHours(1), 1000)) {
            IntStream.range(0, 50).forEach(n -> behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (?)", n)));

            behind.flush();

            assertThat(rows("SELECT count(*) FROM wb_rows")).containsExactly("50");
            assertThat(rows("SELECT count(DISTINCT xid) FROM wb_rows")).as("one commit for all fifty").containsExactly("1");
        }
    }

    @Test
    void writesRunInTheOrderTheyWereQueued() {
        try (WriteBehind behind = WriteBehind.start(db, Duration.ofMillis(5), 1000)) {
            behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (1)"));
            behind.submit(s -> s.update("UPDATE wb_rows SET n = n + 10 WHERE n = 1")); // only right after the insert
            behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (1)"));
            behind.flush();

            assertThat(rows("SELECT n FROM wb_rows ORDER BY n")).containsExactly("1", "11");
        }
    }

    @Test
    void withoutAFlushTheBatchIsWrittenAfterItsDelay() {
        try (WriteBehind behind = WriteBehind.start(db, Duration.ofMillis(50), 1000)) {
            behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (7)"));

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> rows("SELECT count(*) FROM wb_rows").equals(List.of("1")));
        }
    }

    @Test
    void aBadWriteLosesOnlyItselfAndIsCounted() {
        try (WriteBehind behind = WriteBehind.start(db, Duration.ofHours(1), 1000)) {
            behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (1)"));
            behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (1)")); // a duplicate key
            behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (2)"));
            behind.flush();

            assertThat(rows("SELECT n FROM wb_rows ORDER BY n")).containsExactly("1", "2");
            assertThat(behind.lost()).isEqualTo(1);
        }
    }

    @Test
    void aWriteThatThrowsAnErrorLosesOnlyItselfAndTheWriterGoesOn() {
        try (WriteBehind behind = WriteBehind.start(db, Duration.ofHours(1), 1000)) {
            behind.submit(s -> {
                throw new AssertionError("a broken write");
            });
            behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (5)"));
            behind.flush();
            behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (6)"));
            behind.flush();

            assertThat(rows("SELECT n FROM wb_rows ORDER BY n")).containsExactly("5", "6");
            assertThat(behind.lost()).isEqualTo(1);
        }
    }

    @Test
    void closingWritesWhatIsQueuedAndLaterWritesRunAtOnce() {
        WriteBehind behind = WriteBehind.start(db, Duration.ofHours(1), 1000);
        IntStream.range(0, 20).forEach(n -> behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (?)", n)));

        behind.close();
        assertThat(rows("SELECT count(*) FROM wb_rows")).containsExactly("20");
        behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (100)"));
        assertThat(rows("SELECT count(*) FROM wb_rows")).containsExactly("21");
    }

    @Test
    void aFullQueueMakesTheCallerWaitAndLosesNothing() {
        try (WriteBehind behind = WriteBehind.start(db, Duration.ofMillis(20), 3)) {
            IntStream.range(0, 200).forEach(n -> behind.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (?)", n)));
            behind.flush();

            assertThat(rows("SELECT count(*) FROM wb_rows")).containsExactly("200");
            assertThat(behind.lost()).isZero();
        }
    }

    @Test
    void directRunsEachWriteAtOnce() {
        WriteBehind direct = WriteBehind.direct(db);
        direct.submit(s -> s.update("INSERT INTO wb_rows (n) VALUES (3)"));

        assertThat(rows("SELECT count(*) FROM wb_rows")).containsExactly("1");
    }

    private static List<String> rows(String sql) {
        return db.query(sql, rs -> rs.getString(1));
    }
}
