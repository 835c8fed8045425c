package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.InboxClaimStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inbox claims on real PostgreSQL: one instance per file at a time, a dead one's claim runs out, nothing stays behind. */
class InboxClaimStoreIT {

    static String schema = TestDatabase.newSchema();
    static Database db;

    @BeforeAll
    static void migrate() {
        db = TestStore.migrated(schema);
    }

    @AfterAll
    static void drop() {
        TestDatabase.dropSchema(schema);
    }

    @Test
    void instancesClaimingTheSameFilesAtOnceGetEachFileOnce() throws Exception {
        InboxClaimStore claims = new InboxClaimStore(db);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<List<String>>> instances = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            String node = "race-" + n;
            Callable<List<String>> claimAll = () -> {
                List<String> mine = new ArrayList<>();
                for (int f = 0; f < 200; f++) {
                    if (claims.claim("race-" + f + ".json", node, Duration.ofMinutes(1))) {
                        mine.add("race-" + f + ".json");
                    }
                }
                return mine;
            };
            instances.add(pool.submit(claimAll));
        }
        List<String> claimed = new ArrayList<>();
        for (Future<List<String>> instance : instances) {
            claimed.addAll(instance.get());
        }
        pool.shutdown();

        assertThat(claimed).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void aLiveClaimIsOnlyItsOwnersAndAnExpiredOneIsTakenAgain() {
        InboxClaimStore claims = new InboxClaimStore(db);
        assertThat(claims.claim("live.json", "a", Duration.ofMinutes(1))).isTrue();
        assertThat(claims.claim("live.json", "b", Duration.ofMinutes(1))).as("held by a").isFalse();
        assertThat(claims.release("live.json", "b")).as("b cannot let go of a's claim").isFalse();
        assertThat(claims.claimed("live.json")).isTrue();
        assertThat(claims.claim("live.json", "a", Duration.ofMinutes(1))).as("a, started again under its node id").isTrue();

        assertThat(claims.claim("dead.json", "killed", Duration.ofMillis(50))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !claims.claimed("dead.json"));
        assertThat(claims.claim("dead.json", "survivor", Duration.ofMinutes(1))).as("a dead instance's claim ran out").isTrue();
        assertThat(claims.release("dead.json", "killed")).as("the dead one's late release changes nothing").isFalse();
        assertThat(claims.claimed("dead.json")).isTrue();
    }

    @Test
    void renewingKeepsClaimsAliveDeletesExpiredOnesAndAStopLetsGoOfTheRest() throws Exception {
        InboxClaimStore claims = new InboxClaimStore(db);
        claims.claim("kept.json", "renewer", Duration.ofSeconds(5));
        claims.claim("forgotten.json", "gone", Duration.ofMillis(1));
        claims.claim("second.json", "renewer", Duration.ofMinutes(1));

        await().atMost(Duration.ofSeconds(5)).until(() -> !claims.claimed("forgotten.json"));
        assertThat(claims.renew("renewer", List.of("kept.json", "second.json"), Duration.ofMinutes(1))).isEqualTo(2);
        assertThat(TestStore.count(schema, "SELECT count(*) FROM inbox_claims WHERE file_name = 'forgotten.json'"))
                .as("an expired claim nobody took is deleted").isZero();
        assertThat(claims.claim("kept.json", "other", Duration.ofMinutes(1))).as("renewed, so still held").isFalse();

        assertThat(claims.releaseAll("renewer")).isEqualTo(2);
        assertThat(TestStore.count(schema, "SELECT count(*) FROM inbox_claims WHERE owner = 'renewer'")).isZero();
    }
}
