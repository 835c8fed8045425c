package dev.kortana.processors.model;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tries one model for {@link ModelRouter}, retrying what a retry can fix and booking every attempt. */
final class ModelAttempts {

    // Logs under the router's name, which is where operators look for a call's retries.
    private static final Logger LOG = LoggerFactory.getLogger(ModelRouter.class);

    /**
     * What trying one model came to: an answer, or none and whether only the budget stood in the way, the model's
     * configuration (a rejected key, an unknown model name), the provider refusing this request (400, 422), or the
     * provider asking to come back later than the router waits ({@code retryAfter}).
     */
    record Attempt(ModelResponse answer, boolean refusedForBudget, boolean misconfigured, boolean rejected,
            Duration retryAfter) {
        static final Attempt FAILED = new Attempt(null, false, false, false, null);
        static final Attempt NO_MONEY = new Attempt(null, true, false, false, null);
        static final Attempt MISCONFIGURED = new Attempt(null, false, true, false, null);
        static final Attempt REJECTED = new Attempt(null, false, false, true, null);

        static Attempt comeBackIn(Duration retryAfter) {
            return new Attempt(null, false, false, false, retryAfter);
        }
    }

    private final ModelCatalog catalog;
    private final ModelTransport transport;
    private final BudgetGate budget;
    private final ModelRouter.Pause pause;
    private final Map<String, ModelStats> stats;

    ModelAttempts(ModelCatalog catalog, ModelTransport transport, BudgetGate budget, ModelRouter.Pause pause,
            Map<String, ModelStats> stats) {
        this.catalog = catalog;
        this.transport = transport;
        this.budget = budget;
        this.pause = pause;
        this.stats = stats;
    }

    /**
     * Tries one model, retrying what a retry can fix. Every attempt first reserves its worst case (waiting while calls
     * in flight hold the money), then takes a call slot, and settles after: the real cost for an answer, nothing for an
     * error status, the worst case when the answer was lost after the provider may have billed it (a timeout, a cut-off
     * body). Money is reserved before a slot is taken, so a call waiting for budget never blocks the model for others.
     */
    Attempt tryModel(ModelSpec model, ModelRequest request, List<String> failures) {
        RoutingPolicy policy = catalog.routing();
        ModelStats modelStats = stats.get(model.name());
        try {
            for (int attempt = 0; ; attempt++) {
                Spending.Reservation reservation = null;
                if (!model.isFree()) {
                    BigDecimal worstCase = model.worstCase(Prompts.maxPromptTokens(request));
                    Optional<Spending.Reservation> reserved = budget.reserve(request, worstCase);
                    if (reserved.isEmpty()) {
                        boolean held = budget.heldByCallsInFlight(request, worstCase);
                        failures.add(model.name() + ": its worst case $" + worstCase.stripTrailingZeros().toPlainString()
                                + (held ? " stayed held by calls in flight for " + policy.budgetWaitMs() + " ms"
                                        : " no longer fits the budget"));
                        return held ? Attempt.FAILED : Attempt.NO_MONEY;
                    }
                    reservation = reserved.get();
                }
                if (!modelStats.acquire(model.timeout())) {
                    budget.settle(reservation, record(request, model, "refused", 0, 0, BigDecimal.ZERO, 0, "call slots busy"));
                    failures.add(model.name() + ": all " + model.maxConcurrency() + " call slots stayed busy for "
                            + model.timeoutMs() + " ms");
                    return Attempt.FAILED;
                }
                long t0 = System.nanoTime();
                ModelResponse raw;
                try {
                    raw = transport.send(model, request);
                    if (raw == null) {
                        throw new ModelCallFailed(model.name() + "'s route returned no answer", false, null, false);
                    }
                } catch (ModelCallFailed failure) {
                    long latency = (System.nanoTime() - t0) / 1_000_000;
                    boolean refused = failure instanceof CallRefused;
                    if (!refused && failure.misconfiguration()) {
                        modelStats.misconfigured(failure.getMessage());
                    } else if (!refused) {
                        modelStats.failed(failure.getMessage());
                    }
                    BigDecimal booked = failure.mayHaveBilled() && reservation != null ? reservation.amount() : BigDecimal.ZERO;
                    budget.settle(reservation, record(request, model, refused ? "refused" : "error", 0, 0, booked, latency,
                            failure.getMessage()));
                    Duration wait = ModelRouter.backoff(policy, attempt, failure);
                    if (!refused && (failure.misconfiguration() || failure.requestRejected())) {
                        failures.add(model.name() + ": " + failure.getMessage() + " (" + failure.fix() + ")");
                        return failure.misconfiguration() ? Attempt.MISCONFIGURED : Attempt.REJECTED;
                    }
                    if (failure.retryable() && wait == null && failure.retryAfter().compareTo(policy.maxDefer()) <= 0) {
                        failures.add(model.name() + ": " + failure.getMessage() + " (Retry-After "
                                + failure.retryAfter().toMillis() + " ms, longer than routing.max-retry-after-ms)");
                        return Attempt.comeBackIn(failure.retryAfter());
                    }
                    if (!failure.retryable() || attempt >= policy.retries() || wait == null) {
                        failures.add(model.name() + ": " + failure.getMessage()
                                + (attempt > 0 ? " (after " + (attempt + 1) + " attempts)" : ""));
                        return Attempt.FAILED;
                    }
                    LOG.debug("{} failed ({}); attempt {} in {} ms", model.name(), failure.getMessage(), attempt + 2, wait.toMillis());
                    pause.sleep(wait);
                    continue;
                } catch (RuntimeException unexpected) {
                    // A bug or a broken route, not a model failure: release the money, then let the pipeline see it.
                    budget.settle(reservation, record(request, model, "error", 0, 0, BigDecimal.ZERO,
                            (System.nanoTime() - t0) / 1_000_000, unexpected.toString()));
                    throw unexpected;
                } finally {
                    modelStats.release();
                }
                long latency = (System.nanoTime() - t0) / 1_000_000;
                BigDecimal cost = model.cost(raw.tokensIn(), raw.tokensOut());
                if (reservation != null && cost.compareTo(reservation.amount()) > 0) {
                    LOG.warn("{} reported more usage than its worst case (cost {} > reserved {}); booking the real cost",
                            model.name(), cost, reservation.amount());
                }
                modelStats.succeeded(latency);
                budget.settle(reservation, record(request, model, "ok", raw.tokensIn(), raw.tokensOut(), cost, latency, null));
                return new Attempt(new ModelResponse(model.provider(), model.model(), raw.text(), raw.tokensIn(),
                        raw.tokensOut(), cost, latency), false, false, false, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelsUnavailable("interrupted while calling " + model.name());
        }
    }

    private static ModelCallRecord record(ModelRequest request, ModelSpec model, String outcome, long in, long out,
            BigDecimal cost, long latency, String error) {
        return new ModelCallRecord(request.taskId(), request.tenant(), request.purpose(), model.name(), model.provider(),
                outcome, in, out, cost, latency, error);
    }
}
