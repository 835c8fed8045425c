package dev.kortana.processors.model;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.processors.policy.RateLimited;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Serves one model call: ranks the eligible models, then tries them in order. Each attempt reserves its worst-case
 * cost first and settles the real cost after; a 429, 5xx or timeout is retried on the same model (honouring
 * Retry-After up to a limit) before the next model is tried; a model configured wrongly (401, 403, 404, 400, 422) is
 * not retried. Ends with an answer, {@link BudgetExceeded}, {@link NoEligibleModel}, {@link ModelsMisconfigured}
 * (every candidate was configured wrongly), or {@link ModelsUnavailable} naming every model tried and why it failed.
 */
public class ModelRouter {

    /** Pauses between attempts; tests pass a recorder instead of sleeping. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ModelCatalog catalog;
    private final BudgetGate budget;
    private final Map<String, ModelStats> stats = new HashMap<>();
    private final ModelRanking ranking;
    private final ModelAttempts attempts;
    private final ModelGovernance governance;

    public ModelRouter(ModelCatalog catalog, ModelTransport transport, Spending spending,
            Consumer<ModelCallRecord> listener, Pause pause) {
        this(catalog, transport, spending, listener, pause, ModelGovernance.OPEN);
    }

    public ModelRouter(ModelCatalog catalog, ModelTransport transport, Spending spending,
            Consumer<ModelCallRecord> listener, Pause pause, ModelGovernance governance) {
        this.governance = governance;
        this.catalog = catalog;
        this.budget = new BudgetGate(spending, listener, pause, Duration.ofMillis(catalog.routing().budgetWaitMs()));
        catalog.all().forEach(m -> stats.put(m.name(), new ModelStats(m.maxConcurrency())));
        this.ranking = new ModelRanking(catalog.all(), catalog.routing(), name -> stats.get(name).latencyEwmaMs());
        this.attempts = new ModelAttempts(catalog, transport, budget, pause, stats);
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
        int misconfigured = 0;
        int rejected = 0;
        int throttled = 0;
        Duration soonestToken = Duration.ZERO;
        // A model whose last call showed it configured wrongly (a rejected key) goes last: it is asked only when every
        // other candidate failed, so a bad key costs one failed call, not one per call, until it answers again.
        List<ModelSpec> candidates = new ArrayList<>(ranked.candidates());
        candidates.sort(java.util.Comparator.comparing(m -> stats.get(m.name()).isMisconfigured()));
        for (ModelSpec model : candidates) {
            Optional<Duration> wait = governance.throttle(model);
            if (wait.isPresent()) {
                failures.add(model.name() + ": its rate limit (policies.yaml rate-limits.model) is used up"
                        + (wait.get().isZero() ? "" : "; next call in " + wait.get().toMillis() + " ms"));
                soonestToken = throttled++ == 0 || wait.get().compareTo(soonestToken) < 0 ? wait.get() : soonestToken;
                continue;
            }
            ModelAttempts.Attempt result = attempts.tryModel(model, request, failures);
            if (result.answer() != null) {
                governance.chosen(request, result.answer(), failures);
                return result.answer();
            }
            if (result.refusedForBudget()) {
                refusedForBudget++;
            }
            if (result.misconfigured()) {
                misconfigured++;
            }
            if (result.rejected()) {
                rejected++;
            }
            if (result.retryAfter() != null) {
                // The provider's own rate limit, longer than the router waits: as good as ours for putting the task aside.
                soonestToken = throttled++ == 0 || result.retryAfter().compareTo(soonestToken) < 0 ? result.retryAfter() : soonestToken;
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
        if (misconfigured > 0 && misconfigured == ranked.candidates().size()) {
            // No retry and no later attempt can fix a configuration: the task fails now, saying what to change.
            throw new ModelsMisconfigured("every model that may serve '" + request.purpose() + "' is configured wrongly"
                    + residencyNote(request) + ": " + String.join("; ", failures)
                    + ". Fix models.yaml (or the key's environment variable), then send the task again");
        }
        if (rejected > 0 && misconfigured + rejected == ranked.candidates().size()) {
            // Every model refused this very request (or is configured wrongly): sending it again changes nothing.
            throw new ModelsMisconfigured("every model that may serve '" + request.purpose() + "' refused this request"
                    + residencyNote(request) + ": " + String.join("; ", failures)
                    + ". Shorten or change the task, or fix the model's parameters in models.yaml, then send it again");
        }
        throw new ModelsUnavailable("no model answered '" + request.purpose() + "' for task " + request.taskId()
                + residencyNote(request) + ": " + String.join("; ", failures));
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

    private static String residencyNote(ModelRequest request) {
        String residency = request.constraints().dataResidency();
        return residency == null ? "" : " within dataResidency '" + residency + "'";
    }
}
