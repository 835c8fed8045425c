package dev.kortana.processors.model;

import dev.kortana.contracts.ModelRequest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Where model spend is reserved before a call and settled after it, shared by every instance (PostgreSQL in
 * production). A reservation is the call's worst case, so concurrent calls can never together pass a limit.
 */
public interface Spending {

    /** Money reserved against every scope the call counts towards (task, tenant-day, global day). */
    record Reservation(long id, List<String> scopes, BigDecimal amount) {
        /** A reservation that is not kept anywhere (test doubles). */
        public Reservation(List<String> scopes, BigDecimal amount) {
            this(0, scopes, amount);
        }
    }

    /**
     * What the call may still spend: the smallest amount not yet spent over the scopes with a limit (null: no limit;
     * money reserved by calls in flight is not subtracted, since it mostly comes back), and whether that scope is
     * nearly used up counting the reservations (below {@code economyBelow} of its limit).
     */
    record Headroom(BigDecimal remaining, boolean nearCeiling, String bindingScope) {
        public static final Headroom UNLIMITED = new Headroom(null, false, null);

        public boolean allows(BigDecimal amount) {
            return remaining == null || amount.compareTo(remaining) <= 0;
        }
    }

    Headroom headroom(ModelRequest request, double economyBelow);

    /** Reserves {@code amount}, or returns empty when a limit would be passed (checked atomically). */
    Optional<Reservation> reserve(ModelRequest request, BigDecimal amount);

    /**
     * After a refused reservation: whether {@code amount} would fit once the calls in flight have settled, i.e. the
     * money is held rather than spent. The router then waits for it instead of giving up.
     */
    default boolean heldByCallsInFlight(ModelRequest request, BigDecimal amount) {
        return false;
    }

    /** Records the attempt and, with a reservation, releases it and books the attempt's cost instead. */
    void settle(Reservation reservation, ModelCallRecord call);
}
