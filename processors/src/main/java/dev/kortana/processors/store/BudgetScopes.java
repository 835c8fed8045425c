package dev.kortana.processors.store;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.processors.model.BudgetLimits;
import dev.kortana.processors.model.Spending.Headroom;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** The budget scopes a model call counts towards, and what their spent and reserved money leaves for it. */
final class BudgetScopes {

    private final Database db;
    private final BudgetLimits limits;
    private final Clock clock;

    BudgetScopes(Database db, BudgetLimits limits, Clock clock) {
        this.db = db;
        this.limits = limits;
        this.clock = clock;
    }

    /** The scopes a call counts towards, each with its limit (null: none). Order matters: see {@link SpendStore}. */
    Map<String, BigDecimal> of(ModelRequest request) {
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Map<String, BigDecimal> scopes = new LinkedHashMap<>();
        if (request.taskId() != null) {
            scopes.put("task:" + request.taskId(), request.constraints().maxCostUsd());
        }
        scopes.put("tenant:" + request.tenant() + ":" + day, limits.tenantCeiling(request.tenant()));
        scopes.put("global:" + day, limits.globalDailyUsd());
        return scopes;
    }

    /** What the tightest scope leaves unspent, and whether a scope is near its limit counting reservations. */
    Headroom headroom(ModelRequest request, double economyBelow) {
        Map<String, BigDecimal> scopes = of(request);
        Map<String, BigDecimal[]> rows = usage(scopes);
        BigDecimal remaining = null;
        String binding = null;
        boolean near = false;
        for (Map.Entry<String, BigDecimal> scope : scopes.entrySet()) {
            BigDecimal limit = scope.getValue();
            if (limit == null) {
                continue;
            }
            BigDecimal[] row = rows.getOrDefault(scope.getKey(), new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            BigDecimal unspent = limit.subtract(row[0]).max(BigDecimal.ZERO);
            if (remaining == null || unspent.compareTo(remaining) < 0) {
                remaining = unspent;
                binding = scope.getKey();
            }
            BigDecimal free = limit.subtract(row[0]).subtract(row[1]);
            near |= free.compareTo(limit.multiply(BigDecimal.valueOf(economyBelow))) < 0;
        }
        return new Headroom(remaining, near, binding);
    }

    /** Whether {@code amount} fits every limit on what is spent alone: only calls in flight hold the money. */
    boolean heldByCallsInFlight(ModelRequest request, BigDecimal amount) {
        Map<String, BigDecimal> scopes = of(request);
        Map<String, BigDecimal[]> rows = usage(scopes);
        for (Map.Entry<String, BigDecimal> scope : scopes.entrySet()) {
            BigDecimal spent = rows.getOrDefault(scope.getKey(), new BigDecimal[] {BigDecimal.ZERO})[0];
            if (scope.getValue() != null && spent.add(amount).compareTo(scope.getValue()) > 0) {
                return false;
            }
        }
        return true;
    }

    /** spent and reserved per existing scope row. */
    private Map<String, BigDecimal[]> usage(Map<String, BigDecimal> scopes) {
        Map<String, BigDecimal[]> rows = new LinkedHashMap<>();
        db.query("SELECT scope, spent_usd, reserved_usd FROM model_budgets WHERE scope = ANY(?)",
                rs -> rows.put(rs.getString("scope"), new BigDecimal[] {rs.getBigDecimal("spent_usd"), rs.getBigDecimal("reserved_usd")}),
                (Object) scopes.keySet().toArray(String[]::new));
        return rows;
    }
}
