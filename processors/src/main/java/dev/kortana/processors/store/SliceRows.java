package dev.kortana.processors.store;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The rows of {@code model_budgets} behind {@link BudgetSlices}: leasing slices, and booking and giving them back. */
final class SliceRows {

    /** A scope's row as a lease left it. */
    record Row(BigDecimal spent, BigDecimal reserved) {}

    private final Database db;

    SliceRows(Database db) {
        this.db = db;
    }

    /**
     * Reserves every size in one transaction, scopes in the order given (as every reservation takes them, so none
     * deadlocks), all or none: empty when any would take its scope past its limit.
     */
    Optional<Map<String, Row>> lease(Map<String, BigDecimal> sizes, Map<String, BigDecimal> limits) {
        Map<String, Row> rows = new HashMap<>();
        try {
            db.inTransaction(s -> {
                for (Map.Entry<String, BigDecimal> size : sizes.entrySet()) {
                    BigDecimal limit = limits.get(size.getKey());
                    Optional<Row> row = s.queryOne("INSERT INTO model_budgets AS b (scope, reserved_usd) VALUES (?, ?)"
                                    + " ON CONFLICT (scope) DO UPDATE SET reserved_usd = b.reserved_usd + EXCLUDED.reserved_usd,"
                                    + " updated_at = now()"
                                    + " WHERE b.spent_usd + b.reserved_usd + EXCLUDED.reserved_usd <= CAST(? AS numeric)"
                                    + " RETURNING spent_usd, reserved_usd",
                            rs -> new Row(rs.getBigDecimal(1), rs.getBigDecimal(2)), size.getKey(), size.getValue(), limit);
                    if (row.isEmpty() || row.get().spent().add(row.get().reserved()).compareTo(limit) > 0) {
                        throw new Refused(); // rolls back the scopes already leased
                    }
                    rows.put(size.getKey(), row.get());
                }
                return null;
            });
            return Optional.of(rows);
        } catch (Refused refused) {
            return Optional.empty();
        }
    }

    /** Books {@code booked} as spent and releases {@code released} of the reservation; one autocommit statement. */
    void giveBack(String scope, BigDecimal booked, BigDecimal released) {
        db.update("UPDATE model_budgets SET spent_usd = spent_usd + ?, reserved_usd = greatest(reserved_usd - ?, 0),"
                + " updated_at = now() WHERE scope = ?", booked, released, scope);
    }

    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }
}
