package dev.kortana.it;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.processors.model.ModelCallRecord;
import dev.kortana.processors.model.Spending;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Spending without a database, for route tests and the router benchmark: every reservation is granted, nothing kept. */
public final class UnlimitedSpending implements Spending {

    @Override
    public Headroom headroom(ModelRequest request, double economyBelow) {
        return Headroom.UNLIMITED;
    }

    @Override
    public Optional<Reservation> reserve(ModelRequest request, BigDecimal amount) {
        return Optional.of(new Reservation(List.of(), amount));
    }

    @Override
    public void settle(Reservation reservation, ModelCallRecord call) {
        // nothing is kept
    }
}
