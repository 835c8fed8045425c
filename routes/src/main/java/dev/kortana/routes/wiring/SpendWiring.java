package dev.kortana.routes.wiring;

import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.model.Spending;
import dev.kortana.processors.store.BudgetSlices;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.SpendStore;
import dev.kortana.processors.store.WriteBehind;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;

/**
 * Where model spend is kept: {@link SpendStore} (the exact mode, and the spend reports) and {@link BudgetSlices} (the
 * default, {@code kortana.models.budget-slice-usd} above 0), and which of the two the router reserves with.
 *
 * @param store   reservations, settlements and reports in the database
 * @param slices  slices leased per instance (given back by the budget reaper and at stop)
 * @param spender what the router reserves and settles with
 */
record SpendWiring(SpendStore store, BudgetSlices slices, Spending spender) {

    static SpendWiring start(CamelContext context, Database db, ModelCatalog catalog, WriteBehind behind, Resources resources) {
        // A reservation outlives any call it covers by a minute; then the budget reaper gives its money back.
        Duration reservationTtl = Duration.ofMillis(catalog.all().stream().mapToLong(m -> m.timeoutMs()).max().orElse(0))
                .plusMinutes(1);
        SpendStore store = new SpendStore(db, catalog.budgets(), Clock.systemUTC(), reservationTtl, behind);
        BigDecimal sliceUsd = new BigDecimal(context.getPropertiesComponent().resolveProperty("kortana.models.budget-slice-usd")
                .orElse("0").trim());
        BudgetSlices slices = new BudgetSlices(db, catalog.budgets(), Clock.systemUTC(), sliceUsd, behind);
        resources.closeOnStop(() -> slices.returnIdle(Duration.ZERO)); // before the write-behind and the pool
        return new SpendWiring(store, slices, sliceUsd.signum() > 0 ? slices : store);
    }
}
