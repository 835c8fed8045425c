package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.TaskConstraints;
import dev.kortana.processors.model.BudgetLimits;
import dev.kortana.processors.model.ModelCallRecord;
import dev.kortana.processors.model.Spending;
import dev.kortana.processors.store.BudgetSlices;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.WriteBehind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Budget slices against the real PostgreSQL, from stores standing in for instances that share one database. */
class BudgetSlicesIT {

    private static final BigDecimal SLICE = new BigDecimal("0.50");
    private static final String TENANT_SCOPE = "tenant:acme:" + LocalDate.now(ZoneOffset.UTC);

    private final String schema = TestDatabase.newSchema();
    private final Database db = TestStore.migrated(schema);
    private final BudgetLimits limits = new BudgetLimits(null, null, Map.of("acme", new BigDecimal("1.00")));
    private final List<WriteBehind> behinds = new ArrayList<>();

    @AfterEach
    void drop() {
        behinds.forEach(WriteBehind::close);
        TestDatabase.dropSchema(schema);
    }

    private BudgetSlices instance(Database database) {
        WriteBehind behind = WriteBehind.start(database, Duration.ofMillis(50), 10_000);
        behinds.add(behind);
        return new BudgetSlices(database, limits, Clock.systemUTC(), SLICE, behind);
    }

    @Test
    void twoInstancesNeverTogetherPassATenantCeilingAndWhatTheyDidNotUseComesBack() throws Exception {
        List<BudgetSlices> instances = List.of(instance(db), instance(TestStore.migrated(schema)));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            BudgetSlices store = instances.get(i % 2);
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

        assertThat(spent(TENANT_SCOPE).add(reserved(TENANT_SCOPE))).as("slices included").isLessThanOrEqualTo(new BigDecimal("1.00"));
        instances.forEach(i -> i.returnIdle(Duration.ZERO));
        assertThat(reserved(TENANT_SCOPE)).isEqualByComparingTo("0");
        assertThat(granted).as("reservations granted").isBetween(34L, 50L); // 0.02 each once settled, worst case 0.03
        assertThat(spent(TENANT_SCOPE)).isEqualByComparingTo(new BigDecimal("0.02").multiply(BigDecimal.valueOf(granted)));
        assertThat(instances.get(0).held()).isEmpty();
    }

    @Test
    void callsWithinASliceTouchNoBudgetRowAndOnlyTheirTelemetryIsWritten() throws Exception {
        BudgetSlices store = instance(db);
        for (int i = 0; i < 20; i++) {
            Spending.Reservation r = store.reserve(request("t-" + i, null), new BigDecimal("0.01")).orElseThrow();
            store.settle(r, call("t-" + i, "0.005"));
        }

        // One slice of an eighth of the ceiling (0.125) covered all twenty worst cases: one lease, nothing booked yet.
        assertThat(reserved(TENANT_SCOPE)).isEqualByComparingTo("0.125");
        assertThat(spent(TENANT_SCOPE)).isEqualByComparingTo("0");
        assertThat(store.held().get(TENANT_SCOPE)).isEqualByComparingTo("0.025");
        behinds.get(0).flush();
        assertThat(TestStore.rows(schema, "SELECT count(*) FROM model_calls")).containsExactly("20");

        store.returnIdle(Duration.ZERO);
        assertThat(spent(TENANT_SCOPE)).isEqualByComparingTo("0.100");
        assertThat(reserved(TENANT_SCOPE)).isEqualByComparingTo("0");
    }

    @Test
    void aCrashLosesAtMostTheUnspentSliceAndNeverLetsTheOthersOverspend() throws Exception {
        BudgetSlices crashed = instance(db);
        Spending.Reservation r = crashed.reserve(request("c-1", null), new BigDecimal("0.03")).orElseThrow();
        crashed.settle(r, call("c-1", "0.01"));
        // It dies here: its slice (0.125) stays reserved; what it did not use (0.115) is lost until the day rolls over.

        BudgetSlices survivor = instance(TestStore.migrated(schema));
        BigDecimal granted = BigDecimal.ZERO;
        for (int i = 0; i < 100; i++) {
            Optional<Spending.Reservation> s = survivor.reserve(request("s-" + i, null), new BigDecimal("0.05"));
            if (s.isEmpty()) {
                break;
            }
            survivor.settle(s.get(), call("s-" + i, "0.05"));
            granted = granted.add(new BigDecimal("0.05"));
        }
        survivor.returnIdle(Duration.ZERO);

        assertThat(spent(TENANT_SCOPE).add(reserved(TENANT_SCOPE))).isLessThanOrEqualTo(new BigDecimal("1.00"));
        assertThat(granted).as("all but the crashed slice").isEqualByComparingTo("0.85");
        assertThat(reserved(TENANT_SCOPE)).as("the crashed slice, still held").isEqualByComparingTo("0.125");
    }

    @Test
    void aRefusedCallFirstGivesBackWhatThisInstanceHoldsAndWaitsForWhatOthersHold() throws Exception {
        BudgetSlices mine = instance(db);
        BudgetSlices other = instance(TestStore.migrated(schema));
        // The other instance holds a slice it barely uses; this one spends most of the rest.
        other.settle(other.reserve(request("o-1", null), new BigDecimal("0.01")).orElseThrow(), call("o-1", "0.01"));
        int granted = 0;
        while (mine.reserve(request("m-" + granted, null), new BigDecimal("0.10")).map(r -> {
            mine.settle(r, call("m", "0.10"));
            return true;
        }).orElse(false)) {
            granted++;
        }

        // 0.125 is in the other's slice (0.115 of it unused): refused, but held, not spent, so the router waits.
        assertThat(granted).isEqualTo(8);
        assertThat(mine.heldByCallsInFlight(request("m-x", null), new BigDecimal("0.10"))).isTrue();
        assertThat(mine.held()).as("its own unused money given back on the refusal").isEmpty();

        other.returnIdle(Duration.ZERO);
        assertThat(mine.reserve(request("m-y", null), new BigDecimal("0.10"))).isPresent();
    }

    @Test
    void aTasksOwnCeilingHoldsAndUnlimitedScopesAreCountedBehind() throws Exception {
        BudgetSlices store = instance(db);
        int granted = 0;
        for (int i = 0; i < 10; i++) {
            Optional<Spending.Reservation> r = store.reserve(request("capped", "0.10"), new BigDecimal("0.03"));
            if (r.isEmpty()) {
                break;
            }
            store.settle(r.get(), call("capped", "0.03"));
            granted++;
        }
        store.returnIdle(Duration.ZERO);
        behinds.get(0).flush();

        assertThat(granted).isEqualTo(3);
        assertThat(spent("task:capped")).isEqualByComparingTo("0.09");
        // The "solo" tenant has no ceiling: its day is counted, behind, not leased.
        assertThat(spent("tenant:solo:" + LocalDate.now(ZoneOffset.UTC))).isEqualByComparingTo("0.09");
    }

    private static ModelRequest request(String task, String maxCost) {
        return new ModelRequest("plan", task, maxCost == null ? "acme" : "solo",
                new TaskConstraints(maxCost == null ? null : new BigDecimal(maxCost), null, null, null, false), "p", null);
    }

    private static ModelCallRecord call(String task, String cost) {
        return new ModelCallRecord(task, "acme", "plan", "m", "openai", "ok", 10, 10, new BigDecimal(cost), 1, null);
    }

    private BigDecimal reserved(String scope) throws Exception {
        return new BigDecimal(TestStore.rows(schema, "SELECT coalesce(sum(reserved_usd), 0) FROM model_budgets WHERE scope = '" + scope + "'").get(0));
    }

    private BigDecimal spent(String scope) throws Exception {
        return new BigDecimal(TestStore.rows(schema, "SELECT coalesce(sum(spent_usd), 0) FROM model_budgets WHERE scope = '" + scope + "'").get(0));
    }
}
