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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model spend with each instance spending from slices it leased, so that a priced call costs no database round trip
 * while it fits them. A slice is booked in {@code model_budgets.reserved_usd} when leased (only if every instance's
 * spending, reservations and slices together stay within the limit), spent in memory, and when it has been idle for a
 * while, or the instance stops, what it paid for is booked as spent and what it did not use is given back. So the
 * ceiling holds across instances at all times; money in another instance's slice counts as held, as by a call in
 * flight, so a refused call waits for it rather than failing. A crash leaves its slices reserved: lost until the day's
 * scope rolls over, and for a task's own ceiling for good — never spent twice.
 *
 * <p>Scopes without a limit have nothing to lease: their spend, and every call's row, are telemetry written behind.
 * Where a scope has a limit, the slice leased is the shortfall or, if larger, an eighth of the limit (a quarter for a
 * task's own ceiling, which only the instance running the task spends) up to {@code sliceUsd}.
 */
public final class BudgetSlices implements Spending {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetSlices.class);
    private static final BigDecimal EIGHTH = new BigDecimal("0.125");
    private static final BigDecimal QUARTER = new BigDecimal("0.25");

    /** Money of one scope this instance holds; {@code leased} is what model_budgets has reserved for it. */
    private static final class Slice {
        BigDecimal leased = BigDecimal.ZERO;
        BigDecimal settled = BigDecimal.ZERO; // cost of calls settled since the last booking, not yet in spent_usd
        BigDecimal inFlight = BigDecimal.ZERO; // worst cases of calls reserved and not settled
        BigDecimal rowSpent = BigDecimal.ZERO; // the row as the last lease left it, for headroom
        BigDecimal rowReserved = BigDecimal.ZERO;
        long lastUse;

        BigDecimal free() {
            return leased.subtract(settled).subtract(inFlight);
        }
    }

    private final SliceRows rows;
    private final BudgetScopes scopes;
    private final WriteBehind behind;
    private final Clock clock;
    private final BigDecimal sliceUsd;
    private final Map<String, Slice> slices = new HashMap<>();

    public BudgetSlices(Database db, BudgetLimits limits, Clock clock, BigDecimal sliceUsd, WriteBehind behind) {
        this.rows = new SliceRows(db);
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
        Headroom known = fromSlices(limits, economyBelow);
        return known != null ? known : scopes.headroom(request, economyBelow); // not leased here yet: ask the database
    }

    /** What this instance knows: each row as its last lease left it, and its own slice since; null when it has none. */
    private synchronized Headroom fromSlices(Map<String, BigDecimal> limits, double economyBelow) {
        BigDecimal remaining = null;
        String binding = null;
        boolean near = false;
        for (Map.Entry<String, BigDecimal> scope : limits.entrySet()) {
            Slice slice = slices.get(scope.getKey());
            if (slice == null || slice.leased.signum() == 0) {
                return null;
            }
            BigDecimal limit = scope.getValue();
            BigDecimal unspent = limit.subtract(slice.rowSpent).subtract(slice.settled).max(BigDecimal.ZERO);
            if (remaining == null || unspent.compareTo(remaining) < 0) {
                remaining = unspent;
                binding = scope.getKey();
            }
            BigDecimal free = limit.subtract(slice.rowSpent).subtract(slice.rowReserved).add(slice.free());
            near |= free.compareTo(limit.multiply(BigDecimal.valueOf(economyBelow))) < 0;
        }
        return new Headroom(remaining, near, binding);
    }

    /**
     * After a refused reservation: first gives back what this instance's own slices of these scopes do not use, then
     * asks whether the money is only held (by calls in flight or other instances' slices) rather than spent.
     */
    @Override
    public boolean heldByCallsInFlight(ModelRequest request, BigDecimal amount) {
        giveBack(List.copyOf(limited(scopes.of(request)).keySet()));
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
            Slice slice = slices.get(scope.getKey());
            BigDecimal shortfall = slice == null ? amount : amount.subtract(slice.free());
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
            slice.inFlight = slice.inFlight.add(amount);
            slice.lastUse = now;
        }
        return Optional.of(new Reservation(List.copyOf(all.keySet()), amount));
    }

    /** Leases every shortfall at once, all or none. {@code generous}: a whole slice each; else just the shortfall. */
    private boolean lease(Map<String, BigDecimal> shortfalls, Map<String, BigDecimal> limits, boolean generous) {
        Map<String, BigDecimal> sizes = new LinkedHashMap<>();
        shortfalls.forEach((scope, shortfall) -> sizes.put(scope, generous ? shortfall.max(target(scope, limits.get(scope))) : shortfall));
        Optional<Map<String, SliceRows.Row>> rows = this.rows.lease(sizes, limits);
        rows.ifPresent(leased -> sizes.forEach((scope, size) -> {
            Slice slice = slices.computeIfAbsent(scope, k -> new Slice());
            slice.leased = slice.leased.add(size);
            slice.rowSpent = leased.get(scope).spent();
            slice.rowReserved = leased.get(scope).reserved();
        }));
        return rows.isPresent();
    }

    private BigDecimal target(String scope, BigDecimal limit) {
        BigDecimal share = limit.multiply(scope.startsWith("task:") ? QUARTER : EIGHTH).setScale(6, RoundingMode.DOWN);
        return share.min(sliceUsd);
    }

    @Override
    public void settle(Reservation reservation, ModelCallRecord call) {
        BigDecimal cost = call.costUsd();
        List<String> unlimited = new ArrayList<>();
        if (reservation != null) {
            synchronized (this) {
                for (String scope : reservation.scopes()) {
                    Slice slice = slices.get(scope);
                    if (slice == null) {
                        unlimited.add(scope);
                        continue;
                    }
                    slice.inFlight = slice.inFlight.subtract(reservation.amount());
                    slice.settled = slice.settled.add(cost);
                }
            }
        }
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

    /** Books and gives back the slices idle for {@code idle} (all of them with {@link Duration#ZERO}); returns how many. */
    public int returnIdle(Duration idle) {
        long now = clock.millis();
        List<String> idleScopes = new ArrayList<>();
        synchronized (this) {
            slices.forEach((scope, slice) -> {
                if (now - slice.lastUse >= idle.toMillis()) {
                    idleScopes.add(scope);
                }
            });
        }
        return giveBack(idleScopes);
    }

    /** For the reaper's timer: slices idle for a period give back what they did not use. */
    public int returnIdleFor(long periodMs) {
        return returnIdle(Duration.ofMillis(periodMs));
    }

    /**
     * Books what each slice paid for as spent and gives back what it did not use; calls in flight keep their part.
     * One autocommit statement per row, so a return never holds one row while waiting for another (a lease takes them
     * in order). A statement that fails puts the slice back as it was; it is tried again at the next return.
     */
    private int giveBack(List<String> scopeNames) {
        int returned = 0;
        for (String scope : scopeNames) {
            BigDecimal booked;
            BigDecimal released;
            synchronized (this) {
                Slice slice = slices.get(scope);
                if (slice == null) {
                    continue;
                }
                booked = slice.settled;
                released = slice.leased.subtract(slice.inFlight); // settled and unused: no longer reserved
                if (booked.signum() == 0 && released.signum() == 0) {
                    if (slice.inFlight.signum() == 0) {
                        slices.remove(scope);
                    }
                    continue;
                }
                slice.leased = slice.leased.subtract(released);
                slice.settled = BigDecimal.ZERO;
                if (slice.leased.signum() == 0 && slice.inFlight.signum() == 0) {
                    slices.remove(scope);
                }
            }
            try {
                rows.giveBack(scope, booked, released);
                returned++;
            } catch (RuntimeException e) {
                synchronized (this) {
                    Slice slice = slices.computeIfAbsent(scope, k -> new Slice());
                    slice.leased = slice.leased.add(released);
                    slice.settled = slice.settled.add(booked);
                }
                LOG.warn("Could not give back the budget slice of {} (kept, tried again at the next return): {}", scope, e.toString());
            }
        }
        return returned;
    }

    /** Money this instance holds unused, per scope (for tests and the models API). */
    public synchronized Map<String, BigDecimal> held() {
        Map<String, BigDecimal> held = new LinkedHashMap<>();
        slices.forEach((scope, slice) -> held.put(scope, slice.free()));
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
}
