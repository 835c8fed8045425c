package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kortana.processors.policy.RateLimiter.Verdict;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.Migrations;
import dev.kortana.processors.store.RateLimitStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rate-limit buckets on real PostgreSQL, from two connection pools standing in for two instances. */
class RateLimitStoreIT {

    static String schema = TestDatabase.newSchema();
    static HikariDataSource firstPool;
    static HikariDataSource secondPool;
    static RateLimitStore store;
    static RateLimitStore otherInstance;

    @BeforeAll
    static void migrate() {
        firstPool = pool();
        secondPool = pool();
        Migrations.migrate(firstPool, schema);
        store = new RateLimitStore(new Database(firstPool));
        otherInstance = new RateLimitStore(new Database(secondPool));
    }

    @AfterAll
    static void drop() {
        firstPool.close();
        secondPool.close();
        TestDatabase.dropSchema(schema);
    }

    private static HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabase.url());
        config.setSchema(schema);
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }

    @Test
    void twoInstancesTogetherGrantExactlyTheCapacityOfAFixedAllowance() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Verdict>>> perThread = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            RateLimitStore instance = t % 2 == 0 ? store : otherInstance;
            perThread.add(threads.submit(() -> {
                start.await();
                List<Verdict> verdicts = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    verdicts.add(instance.take("tenant:contended", 25, 0));
                }
                return verdicts;
            }));
        }
        start.countDown();
        List<Verdict> verdicts = new ArrayList<>();
        for (Future<List<Verdict>> thread : perThread) {
            verdicts.addAll(thread.get());
        }
        threads.shutdown();

        assertThat(verdicts).hasSize(160);
        assertThat(verdicts).filteredOn(Verdict::granted).hasSize(25);
        assertThat(verdicts).filteredOn(v -> !v.granted()).allMatch(v -> v.retryAfter() == null, "never refills");
    }

    @Test
    void anEmptyBucketGrantsAgainOnceATokenHasRefilled() {
        assertThat(store.take("tool:orders.place", 1, 2).granted()).isTrue();
        assertThat(otherInstance.take("tool:orders.place", 1, 2).granted()).isFalse();

        await().atLeast(Duration.ofMillis(250)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(10))
                .until(() -> otherInstance.take("tool:orders.place", 1, 2).granted());
    }

    @Test
    void anEmptyBucketSaysToRetryAfterAboutOneTokensWorthOfTime() {
        assertThat(store.take("model:gpt-4o", 1, 2).granted()).isTrue();
        Verdict refused = store.take("model:gpt-4o", 1, 2);

        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAfter()).isBetween(Duration.ofMillis(400), Duration.ofMillis(500));
    }

    @Test
    void bucketsOfDifferentKeysAreIndependent() {
        assertThat(store.take("tenant:acme", 1, 0).granted()).isTrue();
        assertThat(store.take("tenant:acme", 1, 0).granted()).isFalse();

        assertThat(store.take("tenant:globex", 1, 0).granted()).isTrue();
        assertThat(otherInstance.take("tool:acme", 1, 0).granted()).isTrue();
    }

    @Test
    void rejectsABlankKeyACapacityBelowOneAndANegativeRate() throws Exception {
        assertThatThrownBy(() -> store.take(" ", 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> store.take("invalid", 0.5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity").hasMessageContaining("0.5");
        assertThatThrownBy(() -> store.take("invalid", Double.NaN, 0)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> store.take("invalid", 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("perSecond").hasMessageContaining("-1");
        assertThatThrownBy(() -> store.take("invalid", 1, Double.POSITIVE_INFINITY)).hasMessageContaining("perSecond");
        assertThatThrownBy(() -> store.forgetIdle(Duration.ofSeconds(-1))).hasMessageContaining("idle");
        assertThat(TestStore.count(schema, "SELECT count(*) FROM rate_buckets WHERE key = 'invalid'")).isZero();
    }

    @Test
    void forgetsOnlyIdleBucketsThatAreFullAnyway() throws Exception {
        store.take("idle:refilled", 2, 1000); // full again after a millisecond
        store.take("idle:allowance", 2, 0); // never refills: forgetting it would hand the token back
        store.take("idle:slow", 2, 0.001); // full again in 1000 s
        assertThat(store.forgetIdle(Duration.ofHours(1))).as("nothing is idle for an hour").isZero();

        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            store.forgetIdle(Duration.ZERO);
            assertThat(TestStore.rows(schema, "SELECT key FROM rate_buckets WHERE key LIKE 'idle:%' ORDER BY key"))
                    .containsExactly("idle:allowance", "idle:slow");
        });
        assertThat(store.take("idle:allowance", 2, 0).granted()).isTrue();
        assertThat(store.take("idle:allowance", 2, 0).granted()).as("the allowance is still spent").isFalse();
    }

    /** Not asserted: prints the latency of take() when it grants, through a connection pool. */
    @Test
    void printsTheLatencyOfAGrantedTake() {
        for (int i = 0; i < 500; i++) {
            store.take("bench:granted", 1e9, 0); // warm-up: JIT, pool, server-side prepared statement
        }
        long[] nanos = new long[5_000];
        for (int i = 0; i < nanos.length; i++) {
            long started = System.nanoTime();
            assertThat(store.take("bench:granted", 1e9, 0).granted()).isTrue();
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        System.out.printf("RateLimitStore.take granted, %d calls: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", nanos.length,
                nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6, nanos[nanos.length - 1] / 1e6);
    }
}
