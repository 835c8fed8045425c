package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.TaskConstraints;
import dev.kortana.processors.model.BudgetLimits;
import dev.kortana.processors.model.ModelCallRecord;
import dev.kortana.processors.model.Spending;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.SpendStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Budget reservations against the real PostgreSQL, from two stores standing in for two instances. */
class SpendStoreIT {

    static String schema = TestDatabase.newSchema();
    static Database db = TestStore.migrated(schema);
    static BudgetLimits limits = new BudgetLimits(null, null, Map.of("acme", new BigDecimal("1.00")));

    @AfterAll
    static void drop() {
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aRefusedReservationLeavesNothingReserved() throws Exception {
        SpendStore store = new SpendStore(db, limits, Clock.systemUTC(), Duration.ofMinutes(5));
        ModelRequest request = request("refused-1", "0.50");

        assertThat(store.reserve(request, new BigDecimal("0.60"))).isEmpty(); // above the task's own limit
        Optional<Spending.Reservation> first = store.reserve(request, new BigDecimal("0.40"));
        assertThat(first).isPresent();
        assertThat(store.reserve(request, new BigDecimal("0.20"))).isEmpty(); // 0.40 + 0.20 > 0.50
        assertThat(store.heldByCallsInFlight(request, new BigDecimal("0.20"))).isTrue();

        store.settle(first.get(), call("refused-1", "0.10"));
        assertThat(reserved("task:refused-1")).isEqualByComparingTo("0");
        assertThat(store.spentByTask("refused-1")).isEqualByComparingTo("0.10");
        assertThat(store.heldByCallsInFlight(request, new BigDecimal("0.45"))).isFalse(); // 0.10 + 0.45 > 0.50 for good
    }

    @Test
    void aReservationWhoseCallNeverSettledIsReleasedWhenItExpires() throws Exception {
        SpendStore dying = new SpendStore(db, limits, Clock.systemUTC(), Duration.ZERO); // expires at once
        ModelRequest request = request("expired-1", "0.50");
        Spending.Reservation orphan = dying.reserve(request, new BigDecimal("0.40")).orElseThrow();
        assertThat(reserved("task:expired-1")).isEqualByComparingTo("0.40");

        assertThat(dying.releaseExpired(100)).isPositive();
        assertThat(reserved("task:expired-1")).isEqualByComparingTo("0");
        assertThat(dying.reserve(request, new BigDecimal("0.40"))).as("the money is free again").isPresent();

        dying.settle(orphan, call("expired-1", "0.05")); // a late settlement books the cost but releases nothing twice
        assertThat(spent("task:expired-1")).isEqualByComparingTo("0.05");
        assertThat(reserved("task:expired-1")).isEqualByComparingTo("0.40");
    }

    @Test
    void twoInstancesNeverTogetherPassATenantCeiling() throws Exception {
        List<SpendStore> instances = List.of(new SpendStore(db, limits, Clock.systemUTC(), Duration.ofMinutes(5)),
                new SpendStore(TestStore.migrated(schema), limits, Clock.systemUTC(), Duration.ofMinutes(5)));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            SpendStore store = instances.get(i % 2);
            String task = "race-" + i;
            results.add(pool.submit(() -> {
                Optional<Spending.Reservation> r = store.reserve(request(task, null), new BigDecimal("0.03"));
                r.ifPresent(reservation -> store.settle(reservation, call(task, "0.02")));
                return r.isPresent();
            }));
        }
        long granted = 0;
        for (Future<Boolean> f : results) {
            granted += f.get() ? 1 : 0;
        }
        pool.shutdown();

        String tenantScope = "tenant:acme:" + java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        assertThat(spent(tenantScope)).isLessThanOrEqualTo(new BigDecimal("1.00"));
        assertThat(reserved(tenantScope)).isEqualByComparingTo("0");
        assertThat(granted).as("reservations granted").isBetween(34L, 50L); // 0.02 each once settled, worst case 0.03
        assertThat(spent(tenantScope)).isEqualByComparingTo(new BigDecimal("0.02").multiply(BigDecimal.valueOf(granted)));
    }

    private static ModelRequest request(String task, String maxCost) {
        return new ModelRequest("plan", task, maxCost == null ? "acme" : "solo",
                new TaskConstraints(maxCost == null ? null : new BigDecimal(maxCost), null, null, null, false), "p", null);
    }

    private static ModelCallRecord call(String task, String cost) {
        return new ModelCallRecord(task, "acme", "plan", "m", "openai", "ok", 10, 10, new BigDecimal(cost), 1, null);
    }

    private static BigDecimal reserved(String scope) throws Exception {
        return new BigDecimal(TestStore.rows(schema, "SELECT coalesce(sum(reserved_usd), 0) FROM model_budgets WHERE scope = '" + scope + "'").get(0));
    }

    private static BigDecimal spent(String scope) throws Exception {
        return new BigDecimal(TestStore.rows(schema, "SELECT coalesce(sum(spent_usd), 0) FROM model_budgets WHERE scope = '" + scope + "'").get(0));
    }
}
