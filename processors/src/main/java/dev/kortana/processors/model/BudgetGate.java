package dev.kortana.processors.model;

import dev.kortana.contracts.ModelRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The money side of a model call, for {@link ModelRouter}: reserve the worst case before the call (waiting while calls
 * in flight hold the money), and after it settle the real cost and tell the listener (metrics) what happened.
 */
final class BudgetGate {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetGate.class);

    private final Spending spending;
    private final Consumer<ModelCallRecord> listener;
    private final ModelRouter.Pause pause;
    private final Duration maxWait;

    BudgetGate(Spending spending, Consumer<ModelCallRecord> listener, ModelRouter.Pause pause, Duration maxWait) {
        this.spending = spending;
        this.listener = listener;
        this.pause = pause;
        this.maxWait = maxWait;
    }

    Spending.Headroom headroom(ModelRequest request, double economyBelow) {
        return spending.headroom(request, economyBelow);
    }

    /**
     * Reserves {@code amount}, waiting while the money is only held by calls in flight (they settle at their real
     * cost, usually far below their worst case), up to {@code maxWait}. Empty when it could not be had.
     */
    Optional<Spending.Reservation> reserve(ModelRequest request, BigDecimal amount) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long waitMs = 20;
        while (true) {
            Optional<Spending.Reservation> reserved = spending.reserve(request, amount);
            if (reserved.isPresent() || !spending.heldByCallsInFlight(request, amount) || System.nanoTime() > deadline) {
                return reserved;
            }
            pause.sleep(Duration.ofMillis(waitMs));
            waitMs = Math.min(waitMs * 2, 500);
        }
    }

    /** After a refused reservation: whether the money is held by calls in flight rather than spent. */
    boolean heldByCallsInFlight(ModelRequest request, BigDecimal amount) {
        return spending.heldByCallsInFlight(request, amount);
    }

    /** Records the attempt (and settles its reservation, if any); a failing listener never loses the record. */
    void settle(Spending.Reservation reservation, ModelCallRecord record) {
        spending.settle(reservation, record);
        try {
            listener.accept(record);
        } catch (RuntimeException e) {
            LOG.warn("Model call listener failed (the call itself is recorded): {}", e.toString());
        }
    }
}
