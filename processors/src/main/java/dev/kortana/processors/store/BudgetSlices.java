package dev.kortana.processors.store;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.processors.model.BudgetLimits;
import dev.kortana.processors.model.ModelCallRecord;
import dev.kortana.processors.model.Spending;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model spend with each instance spending from slices it leased, so that a priced call costs no database round trip
 * while it fits them. A slice is booked as spent in {@code model_budgets} when leased (only if every instance's
 * spending and slices together stay within the limit), spent in memory, and what it did not use is given back when it
 * has been idle for a while and when the instance stops. So the ceiling holds across instances at all times, and a
 * crash loses at most the unspent part of its slices (booked as spent until the day's scope rolls over), never more.
 *
 * <p>Scopes without a limit have nothing to lease: their spend, and every call's row, are telemetry written behind.
 * Where a scope has a limit, the slice leased is the shortfall or, if larger, an eighth of the limit (a quarter for a
 * task's own ceiling, which only the instance running the task spends) up to {@code sliceUsd}.
 */
public final class BudgetSlices implements Spending {

    private static final BigDecimal EIGHTH = new BigDecimal("0.125");
    private static final BigDecimal QUARTER = new BigDecimal("0.25");

    /** Money of one scope this instance holds: {@code leased} booked as spent, {@code used} settled or reserved. */
    private static final class Slice {
        BigDecimal leased = BigDecimal.ZERO;
        BigDecimal used = BigDecimal.ZERO;
        BigDecimal spentAfterLease = BigDecimal.ZERO; // the row's spent_usd as the last lease left it
        int inFlight;
        long lastUse;
    }

    private final Database db;
    private final BudgetScopes scopes;
    private final WriteBehind behind;
    private final Clock clock;
    private final BigDecimal sliceUsd;
    private final Map<String, Slice> slices = new HashMap<>();

    public BudgetSlices(Database db, BudgetLimits limits, Clock clock, BigDecimal sliceUsd, WriteBehind behind) {
        this.db = db;
        this.scopes = new BudgetScopes(db, limits, clock);
        this.behind = behind;
        this.clock = clock;
        this.sliceUsd = sliceUsd;
    }

    @Override
    public Headroom headroom(ModelRequest request, double economyBelow) {
        Map<String, BigDecimal> limits = limited(scopes.of(request));
        if (limits.isEmpty()) {
            return Headroom.UNLIMITED;
        }
        BigDecimal remaining = null;
        String binding = null;
        boolean near = false;
        synchronized (this) {
            for (Map.Entry<String, BigDecimal> scope : limits.entrySet()) {
                Slice slice = slices.get(scope.getKey());
                if (slice == null) {
                    return scopes.headroom(request, economyBelow); // not leased here yet: ask the database once
                }
                // What this instance knows: the row as its last lease left it, and its own slice since.
                BigDecimal unspent = scope.getValue().subtract(slice.spentAfterLease).add(slice.leased.subtract(slice.used))
                        .max(BigDecimal.ZERO);
                if (remaining == null || unspent.compareTo(remaining) < 0) {
                    remaining = unspent;
                    binding = scope.getKey();
                }
                near |= unspent.compareTo(scope.getValue().multiply(BigDecimal.valueOf(economyBelow))) < 0;
            }
        }
        return new Headroom(remaining, near, binding);
    }

    @Override
    public boolean heldByCallsInFlight(ModelRequest request, BigDecimal amount) {
        return scopes.heldByCallsInFlight(request, amount);
    }

    @Override
    public synchronized Optional<Reservation> reserve(ModelRequest request, BigDecimal amount) {
        Map<String, BigDecimal> all = scopes.of(request);
        Map<String, BigDecimal> limits = limited(all);
        Map<String, BigDecimal> shortfalls = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> scope : limits.entrySet()) {
            if (amount.compareTo(scope.getValue()) > 0) {
                return Optional.empty();
            }
            Slice slice = slices.computeIfAbsent(scope.getKey(), k -> new Slice());
            BigDecimal shortfall = slice.used.add(amount).subtract(slice.leased);
            if (shortfall.signum() > 0) {
                shortfalls.put(scope.getKey(), shortfall);
            }
        }
        if (!shortfalls.isEmpty() && !lease(shortfalls, limits, true) && !lease(shortfalls, limits, false)) {
            return Optional.empty();
        }
        long now = clock.millis();
        for (String scope : limits.keySet()) {
            Slice slice = slices.get(scope);
            slice.used = slice.used.add(amount);
            slice.inFlight++;
            slice.lastUse = now;
        }
        return Optional.of(new Reservation(List.copyOf(all.keySet()), amount));
    }

    /**
     * Leases every shortfall in one transaction, scopes in the order of {@link BudgetScopes#of} (as every reservation
     * takes them, so none deadlocks), all or none. {@code generous}: a whole slice each; else just the shortfall.
     */
    private boolean lease(Map<String, BigDecimal> shortfalls, Map<String, BigDecimal> limits, boolean generous) {
        Map<String, BigDecimal> sizes = new LinkedHashMap<>();
        shortfalls.forEach((scope, shortfall) -> sizes.put(scope, generous ? shortfall.max(target(scope, limits.get(scope))) : shortfall));
        Map<String, BigDecimal> spentAfter = new HashMap<>();
        try {
            db.inTransaction(s -> {
                for (Map.Entry<String, BigDecimal> size : sizes.entrySet()) {
                    BigDecimal limit = limits.get(size.getKey());
                    Optional<BigDecimal> spent = s.queryOne("INSERT INTO model_budgets AS b (scope, spent_usd) VALUES (?, ?)"
                                    + " ON CONFLICT (scope) DO UPDATE SET spent_usd = b.spent_usd + EXCLUDED.spent_usd, updated_at = now()"
                                    + " WHERE b.spent_usd + b.reserved_usd + EXCLUDED.spent_usd <= CAST(? AS numeric)"
                                    + " RETURNING spent_usd",
                            rs -> rs.getBigDecimal(1), size.getKey(), size.getValue(), limit);
                    if (spent.isEmpty() || spent.get().compareTo(limit) > 0) {
                        throw new Refused(); // rolls back the scopes already leased
                    }
                    spentAfter.put(size.getKey(), spent.get());
                }
                return null;
            });
        } catch (Refused refused) {
            return false;
        }
        sizes.forEach((scope, size) -> {
            Slice slice = slices.get(scope);
            slice.leased = slice.leased.add(size);
            slice.spentAfterLease = spentAfter.get(scope);
        });
        return true;
    }

    private BigDecimal target(String scope, BigDecimal limit) {
        BigDecimal share = limit.multiply(scope.startsWith("task:") ? QUARTER : EIGHTH).setScale(6, RoundingMode.DOWN);
        return share.min(sliceUsd);
    }

    @Override
    public void settle(Reservation reservation, ModelCallRecord call) {
        List<String> unlimited = new ArrayList<>();
        if (reservation != null) {
            synchronized (this) {
                for (String scope : reservation.scopes()) {
                    Slice slice = slices.get(scope);
                    if (slice == null) {
                        unlimited.add(scope);
                        continue;
                    }
                    slice.used = slice.used.subtract(reservation.amount()).add(call.costUsd());
                    slice.inFlight--;
                }
            }
        }
        BigDecimal cost = call.costUsd();
        // The call's row, and what it cost scopes without a limit, are telemetry: written behind with other rows.
        behind.submit(s -> {
            SpendStore.insertCall(s, call);
            for (String scope : unlimited) {
                if (cost.signum() > 0) {
                    s.update("INSERT INTO model_budgets AS b (scope, spent_usd) VALUES (?, ?) ON CONFLICT (scope)"
                            + " DO UPDATE SET spent_usd = b.spent_usd + EXCLUDED.spent_usd, updated_at = now()", scope, cost);
                }
            }
        });
    }

    /** Gives back what slices idle for {@code idle} did not use (all of it with {@link Duration#ZERO}); returns the scopes. */
    public int returnIdle(Duration idle) {
        Map<String, BigDecimal> unused = new LinkedHashMap<>();
        long now = clock.millis();
        synchronized (this) {
            for (var it = slices.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Slice> entry = it.next();
                Slice slice = entry.getValue();
                if (now - slice.lastUse < idle.toMillis()) {
                    continue;
                }
                BigDecimal back = slice.leased.subtract(slice.used); // negative: a call cost more than it reserved
                if (back.signum() != 0) {
                    unused.put(entry.getKey(), back);
                }
                if (slice.inFlight == 0) {
                    it.remove();
                } else {
                    slice.leased = slice.used; // in-flight reservations keep what they hold
                }
            }
        }
        if (!unused.isEmpty()) {
            db.inTransaction(s -> {
                for (Map.Entry<String, BigDecimal> back : unused.entrySet()) { // one row at a time, in scope order
                    s.update("UPDATE model_budgets SET spent_usd = greatest(spent_usd - ?, 0), updated_at = now() WHERE scope = ?",
                            back.getValue(), back.getKey());
                }
                return null;
            });
        }
        return unused.size();
    }

    /** For the reaper's timer: slices idle for a period give back what they did not use. */
    public int returnIdleFor(long periodMs) {
        return returnIdle(Duration.ofMillis(periodMs));
    }

    /** Money this instance holds unspent, per scope (for tests and the models API). */
    public synchronized Map<String, BigDecimal> held() {
        Map<String, BigDecimal> held = new LinkedHashMap<>();
        slices.forEach((scope, slice) -> held.put(scope, slice.leased.subtract(slice.used)));
        return held;
    }

    private static Map<String, BigDecimal> limited(Map<String, BigDecimal> all) {
        Map<String, BigDecimal> limited = new LinkedHashMap<>();
        all.forEach((scope, limit) -> {
            if (limit != null) {
                limited.put(scope, limit);
            }
        });
        return limited;
    }

    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }
}
