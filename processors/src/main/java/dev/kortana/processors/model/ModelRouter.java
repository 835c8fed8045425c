package dev.kortana.processors.model;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.processors.policy.RateLimited;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one model call: ranks the eligible models, then tries them in order. Each attempt reserves its worst-case
 * cost first and settles the real cost after; a 429, 5xx or timeout is retried on the same model (honouring
 * Retry-After up to a limit) before the next model is tried. Ends with an answer, {@link BudgetExceeded},
 * {@link NoEligibleModel}, or {@link ModelsUnavailable} naming every model tried and why it failed.
 */
public class ModelRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRouter.class);

    /** Pauses between attempts; tests pass a recorder instead of sleeping. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ModelCatalog catalog;
    private final ModelTransport transport;
    private final BudgetGate budget;
    private final Pause pause;
    private final Map<String, ModelStats> stats = new HashMap<>();
    private final ModelRanking ranking;
    private final ModelGovernance governance;

    public ModelRouter(ModelCatalog catalog, ModelTransport transport, Spending spending,
            Consumer<ModelCallRecord> listener, Pause pause) {
        this(catalog, transport, spending, listener, pause, ModelGovernance.OPEN);
    }

    public ModelRouter(ModelCatalog catalog, ModelTransport transport, Spending spending,
            Consumer<ModelCallRecord> listener, Pause pause, ModelGovernance governance) {
        this.governance = governance;
        this.catalog = catalog;
        this.transport = transport;
        this.budget = new BudgetGate(spending, listener, pause, Duration.ofMillis(catalog.routing().budgetWaitMs()));
        this.pause = pause;
        catalog.all().forEach(m -> stats.put(m.name(), new ModelStats(m.maxConcurrency())));
        this.ranking = new ModelRanking(catalog.all(), catalog.routing(), name -> stats.get(name).latencyEwmaMs());
    }

    public ModelStats stats(String model) {
        return stats.get(model);
    }

    public ModelResponse call(ModelRequest asked) {
        RoutingPolicy policy = catalog.routing();
        ModelRequest request = governance.rewrite(asked);
        List<String> excluded = new ArrayList<>();
        List<ModelSpec> eligible = new ArrayList<>();
        for (ModelSpec model : ranking.eligible(request, excluded)) {
            Optional<String> refusal = governance.refusal(request, model);
            if (refusal.isPresent()) {
                excluded.add(model.name() + ": refused by policy " + refusal.get());
            } else {
                eligible.add(model);
            }
        }
        if (eligible.isEmpty()) {
            throw new NoEligibleModel("no configured model may serve '" + request.purpose() + "'"
                    + residencyNote(request) + ": " + String.join("; ", excluded)
                    + ". Add a model with that capability" + (request.constraints().dataResidency() == null ? "" : " and tag")
                    + " to models.yaml");
        }
        // Free models never touch the budget tables; ask for headroom only when money could be spent.
        Spending.Headroom headroom = eligible.stream().allMatch(ModelSpec::isFree)
                ? Spending.Headroom.UNLIMITED : budget.headroom(request, policy.economyBelow());
        ModelRanking.Ranked ranked = ranking.rank(request, eligible, excluded, headroom);
        List<String> failures = new ArrayList<>(ranked.excluded());
        int refusedForBudget = 0;
        int throttled = 0;
        Duration soonestToken = Duration.ZERO;
        for (ModelSpec model : ranked.candidates()) {
            Optional<Duration> wait = governance.throttle(model);
            if (wait.isPresent()) {
                failures.add(model.name() + ": its rate limit (policies.yaml rate-limits.model) is used up"
                        + (wait.get().isZero() ? "" : "; next call in " + wait.get().toMillis() + " ms"));
                soonestToken = throttled++ == 0 || wait.get().compareTo(soonestToken) < 0 ? wait.get() : soonestToken;
                continue;
            }
            Attempt result = tryModel(model, request, failures);
            if (result.answer() != null) {
                governance.chosen(request, result.answer(), failures);
                return result.answer();
            }
            if (result.refusedForBudget()) {
                refusedForBudget++;
            }
        }
        if (throttled > 0 && throttled == ranked.candidates().size()) {
            // Only rate limits stood in the way: the task waits for a token instead of failing.
            throw new RateLimited("every model that may serve '" + request.purpose() + "' reached its rate limit: "
                    + String.join("; ", failures), soonestToken);
        }
        boolean onlyMoneyStoodInTheWay = ranked.candidates().isEmpty()
                ? ranked.budgetExcludedAny() : refusedForBudget == ranked.candidates().size();
        if (onlyMoneyStoodInTheWay) {
            throw new BudgetExceeded("no model for '" + request.purpose() + "' of task " + request.taskId()
                    + " fits the remaining budget: " + String.join("; ", failures));
        }
        throw new ModelsUnavailable("no model answered '" + request.purpose() + "' for task " + request.taskId()
                + residencyNote(request) + ": " + String.join("; ", failures));
    }

    private record Attempt(ModelResponse answer, boolean refusedForBudget) {
        static final Attempt FAILED = new Attempt(null, false);
        static final Attempt NO_MONEY = new Attempt(null, true);
    }

    /**
     * Tries one model, retrying what a retry can fix. Every attempt first reserves its worst case (waiting while calls
     * in flight hold the money), then takes a call slot, and settles after: the real cost for an answer, nothing for an
     * error status, the worst case when the answer was lost after the provider may have billed it (a timeout, a cut-off
     * body). Money is reserved before a slot is taken, so a call waiting for budget never blocks the model for others.
     */
    private Attempt tryModel(ModelSpec model, ModelRequest request, List<String> failures) {
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
                    if (!refused) {
                        modelStats.failed(failure.getMessage());
                    }
                    BigDecimal booked = failure.mayHaveBilled() && reservation != null ? reservation.amount() : BigDecimal.ZERO;
                    budget.settle(reservation, record(request, model, refused ? "refused" : "error", 0, 0, booked, latency,
                            failure.getMessage()));
                    Duration wait = backoff(policy, attempt, failure);
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
                        raw.tokensOut(), cost, latency), false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelsUnavailable("interrupted while calling " + model.name());
        }
    }

    /** The wait before the next attempt, or null when the provider asks for longer than we are willing to wait. */
    static Duration backoff(RoutingPolicy policy, int attempt, ModelCallFailed failure) {
        Duration exponential = Duration.ofMillis(policy.backoffMs() << Math.min(attempt, 10));
        if (failure.retryAfter() == null) {
            return exponential;
        }
        if (failure.retryAfter().toMillis() > policy.maxRetryAfterMs()) {
            return null;
        }
        return failure.retryAfter().compareTo(exponential) > 0 ? failure.retryAfter() : exponential;
    }

    private static ModelCallRecord record(ModelRequest request, ModelSpec model, String outcome, long in, long out,
            BigDecimal cost, long latency, String error) {
        return new ModelCallRecord(request.taskId(), request.tenant(), request.purpose(), model.name(), model.provider(),
                outcome, in, out, cost, latency, error);
    }

    private static String residencyNote(ModelRequest request) {
        String residency = request.constraints().dataResidency();
        return residency == null ? "" : " within dataResidency '" + residency + "'";
    }
}
