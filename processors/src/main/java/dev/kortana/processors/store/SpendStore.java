package dev.kortana.processors.store;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.processors.model.BudgetLimits;
import dev.kortana.processors.model.ModelCallRecord;
import dev.kortana.processors.model.Spending;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model spend in PostgreSQL, shared by every instance on the database. A reservation is one statement per scope that
 * adds to {@code reserved_usd} only if spent + reserved + amount stays within the limit; the row lock it takes makes
 * concurrent reservations queue, so limits hold under any concurrency. Scopes are always taken in the same order
 * (task, tenant, global), so two reservations cannot deadlock.
 */
public class SpendStore implements Spending {

    /** Spend of one model over a period, for the models API. */
    public record ModelSpend(String model, long calls, long failures, BigDecimal costUsd) {}

    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }

    private final Database db;
    private final Duration reservationTtl;
    private final BudgetScopes budgetScopes;
    private final WriteBehind behind;

    /**
     * @param reservationTtl how long a reservation may stay open; longer than any call can take, after which
     *                       {@link #releaseExpired} gives the money back
     */
    public SpendStore(Database db, BudgetLimits limits, Clock clock, Duration reservationTtl) {
        this(db, limits, clock, reservationTtl, WriteBehind.direct(db));
    }

    /** As above; a call that moved no money is telemetry, recorded through {@code behind}. */
    public SpendStore(Database db, BudgetLimits limits, Clock clock, Duration reservationTtl, WriteBehind behind) {
        this.db = db;
        this.reservationTtl = reservationTtl;
        this.budgetScopes = new BudgetScopes(db, limits, clock);
        this.behind = behind;
    }

    @Override
    public Headroom headroom(ModelRequest request, double economyBelow) {
        return budgetScopes.headroom(request, economyBelow);
    }

    @Override
    public boolean heldByCallsInFlight(ModelRequest request, BigDecimal amount) {
        return budgetScopes.heldByCallsInFlight(request, amount);
    }

    @Override
    public Optional<Reservation> reserve(ModelRequest request, BigDecimal amount) {
        Map<String, BigDecimal> scopes = budgetScopes.of(request);
        for (BigDecimal limit : scopes.values()) {
            if (limit != null && amount.compareTo(limit) > 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(db.inTransaction(s -> {
                for (Map.Entry<String, BigDecimal> scope : scopes.entrySet()) {
                    Optional<String> taken = s.queryOne("INSERT INTO model_budgets AS b (scope, reserved_usd) VALUES (?, ?)"
                                    + " ON CONFLICT (scope) DO UPDATE SET reserved_usd = b.reserved_usd + EXCLUDED.reserved_usd,"
                                    + " updated_at = now()"
                                    + " WHERE CAST(? AS numeric) IS NULL OR b.spent_usd + b.reserved_usd + EXCLUDED.reserved_usd"
                                    + " <= CAST(? AS numeric) RETURNING scope",
                            rs -> rs.getString(1), scope.getKey(), amount, scope.getValue(), scope.getValue());
                    if (taken.isEmpty()) {
                        throw new Refused(); // rolls back the scopes already reserved
                    }
                }
                List<String> taken = new ArrayList<>(scopes.keySet());
                long id = s.queryOne("INSERT INTO model_reservations (scopes, amount, expires_at)"
                                + " VALUES (?, ?, now() + make_interval(secs => ?)) RETURNING id",
                        rs -> rs.getLong(1), taken.toArray(String[]::new), amount, reservationTtl.toSeconds()).orElseThrow();
                return new Reservation(id, taken, amount);
            }));
        } catch (Refused refused) {
            return Optional.empty();
        }
    }

    @Override
    public void settle(Reservation reservation, ModelCallRecord call) {
        if (reservation == null && call.costUsd().signum() == 0) {
            // No money moved: the row is telemetry, written behind with other rows. A crash may lose the last such
            // rows; it never loses a reservation or a booked cost.
            behind.submit(s -> insertCall(s, call));
            return;
        }
        db.inTransaction(s -> {
            if (reservation != null) {
                // Still open: release it and book the cost. Already released by the reaper: only book the cost.
                boolean open = s.queryOne("DELETE FROM model_reservations WHERE id = ? RETURNING id", rs -> rs.getLong(1),
                        reservation.id()).isPresent();
                BigDecimal release = open ? reservation.amount() : BigDecimal.ZERO;
                // One row at a time, in the reservation's order: one UPDATE … ANY(?) would lock in table order and
                // deadlock against a concurrent reservation.
                for (String scope : reservation.scopes()) {
                    s.update("UPDATE model_budgets SET reserved_usd = reserved_usd - ?, spent_usd = spent_usd + ?,"
                            + " updated_at = now() WHERE scope = ?", release, call.costUsd(), scope);
                }
            }
            insertCall(s, call);
            return null;
        });
    }

    static void insertCall(Database.Session s, ModelCallRecord call) throws java.sql.SQLException {
        s.update("INSERT INTO model_calls (task_id, tenant, purpose, model, provider, outcome, tokens_in, tokens_out,"
                        + " cost_usd, latency_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                call.taskId(), call.tenant(), call.purpose(), call.model(), call.provider(), call.outcome(),
                call.tokensIn(), call.tokensOut(), call.costUsd(), call.latencyMs(), call.error());
    }

    /**
     * Gives back the money of reservations that outlived {@code reservationTtl} (their call never settled), one per
     * transaction so that scopes are always locked in reservation order. Returns how many were released.
     */
    public int releaseExpired(int max) {
        int released = 0;
        while (released < max && db.inTransaction(s -> {
            Optional<Reservation> expired = s.queryOne("DELETE FROM model_reservations WHERE id = (SELECT id FROM"
                            + " model_reservations WHERE expires_at < now() ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                            + " RETURNING id, scopes, amount",
                    rs -> new Reservation(rs.getLong("id"), List.of((String[]) rs.getArray("scopes").getArray()),
                            rs.getBigDecimal("amount")));
            if (expired.isEmpty()) {
                return false;
            }
            for (String scope : expired.get().scopes()) {
                s.update("UPDATE model_budgets SET reserved_usd = greatest(reserved_usd - ?, 0), updated_at = now()"
                        + " WHERE scope = ?", expired.get().amount(), scope);
            }
            return true;
        })) {
            released++;
        }
        return released;
    }

    /** What a task has spent on models so far. */
    public BigDecimal spentByTask(String taskId) {
        return db.queryOne("SELECT spent_usd FROM model_budgets WHERE scope = ?", rs -> rs.getBigDecimal(1), "task:" + taskId)
                .orElse(BigDecimal.ZERO);
    }

    /** Calls, failures and spend per model since the start of today (UTC). */
    public List<ModelSpend> todayByModel() {
        return db.query("SELECT model, count(*) AS calls, count(*) FILTER (WHERE outcome <> 'ok') AS failures,"
                        + " coalesce(sum(cost_usd), 0) AS cost FROM model_calls"
                        + " WHERE created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' GROUP BY model",
                rs -> new ModelSpend(rs.getString("model"), rs.getLong("calls"), rs.getLong("failures"), rs.getBigDecimal("cost")));
    }
}
