package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.TaskSource;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.LeaseStore;
import dev.kortana.processors.store.TaskStore;
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

/** Leases on real PostgreSQL: concurrent sweepers never claim the same task, live leases are left alone. */
class LeaseStoreIT {

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
    void concurrentSweepersClaimEachExpiredTaskExactlyOnce() throws Exception {
        TaskStore tasks = new TaskStore(db);
        for (int i = 0; i < 60; i++) {
            tasks.accept(new AgentTask("expired-" + i, "goal " + i, "sweep", null, null, null), "h" + i,
                    new TaskSource(Channel.HTTP, null, null), "dead", Duration.ofMillis(1));
        }
        tasks.accept(new AgentTask("live-1", "still leased", "sweep", null, null, null), "hl",
                new TaskSource(Channel.HTTP, null, null), "alive", Duration.ofMinutes(5));
        LeaseStore leases = new LeaseStore(db);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> sweeps = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            String node = "sweeper-" + worker;
            Callable<List<String>> sweep = () -> {
                List<String> mine = new ArrayList<>();
                List<String> batch;
                do {
                    batch = leases.claimExpired(node, Duration.ofMinutes(5), 7).stream().map(LeaseStore.Claimed::taskId).toList();
                    mine.addAll(batch);
                } while (!batch.isEmpty());
                return mine;
            };
            sweeps.add(pool.submit(sweep));
        }
        List<String> claimed = new ArrayList<>();
        for (Future<List<String>> sweep : sweeps) {
            claimed.addAll(sweep.get());
        }
        pool.shutdown();

        assertThat(claimed).hasSize(60).doesNotHaveDuplicates().doesNotContain("sweep/live-1");
        assertThat(TestStore.count(schema, "SELECT count(*) FROM tasks WHERE tenant = 'sweep' AND lease_owner LIKE 'sweeper-%'"))
                .isEqualTo(60);
        assertThat(TestStore.rows(schema, "SELECT lease_owner FROM tasks WHERE client_id = 'live-1'")).containsExactly("alive");
    }

    @Test
    void aWorkerCannotClaimATaskAnotherWorkerHoldsUntilItsLeaseExpires() {
        TaskStore tasks = new TaskStore(db);
        String held = tasks.accept(new AgentTask("held-1", "held", "hold", null, null, null), "hh",
                new TaskSource(Channel.HTTP, null, null), "owner", Duration.ofMinutes(5)).key();
        LeaseStore leases = new LeaseStore(db);

        assertThat(leases.claim(held, "intruder", Duration.ofMinutes(1))).isFalse();
        assertThat(leases.claim(held, "owner", Duration.ofMinutes(1))).isTrue();
        assertThat(leases.renew("owner", List.of(held), Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(leases.renew("intruder", List.of(held), Duration.ofMinutes(1))).isZero();
    }
}
