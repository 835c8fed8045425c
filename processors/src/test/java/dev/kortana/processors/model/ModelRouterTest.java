package dev.kortana.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.TaskConstraints;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelRouterTest {

    // Prompt "p" (1 byte) + input "{}" (2 bytes) + 32 framing tokens: a worst case of 35 tokens in, 1000 out.
    private static final long PROMPT_TOKENS = 35;
    private static final RoutingPolicy POLICY = new RoutingPolicy(Map.of(), 1, 250L, 5000L, null, null);

    private final ModelSpec free = spec("free", "0", Set.of("summarize"));
    private final ModelSpec cheap = spec("cheap", "1", Set.of("plan", "summarize"));   // worst case 1.035
    private final ModelSpec dear = spec("dear", "3", Set.of("plan", "summarize"));     // worst case 3.105

    private final FakeTransport transport = new FakeTransport();
    private final FakeSpending spending = new FakeSpending();
    private final List<Duration> pauses = new ArrayList<>();
    private final List<ModelCallRecord> heard = new ArrayList<>();

    @Test
    void picksTheCheapestCapableModel() {
        transport.answers("cheap", answer(100, 50));

        ModelResponse response = router(dear, cheap, free).call(request("plan"));

        assertThat(transport.calls).containsExactly("cheap");
        assertThat(response.text()).isEqualTo("answer");
        assertThat(response.provider()).isEqualTo("openai");
        assertThat(response.model()).isEqualTo("cheap-model");
        assertThat(response.costUsd()).isEqualByComparingTo(cheap.cost(100, 50));
        assertThat(pauses).isEmpty();
    }

    @Test
    void retriesARetryableFailureOnTheSameModelThenSucceeds() {
        transport.fails("cheap", ModelCallFailed.status(503, "overloaded", null));
        transport.answers("cheap", answer(100, 50));

        ModelResponse response = router(dear, cheap).call(request("plan"));

        assertThat(response.text()).isEqualTo("answer");
        assertThat(transport.calls).containsExactly("cheap", "cheap");
        assertThat(pauses).containsExactly(Duration.ofMillis(250));
        assertThat(heard).extracting(ModelCallRecord::outcome).containsExactly("error", "ok");
    }

    @Test
    void waitsForARetryAfterLongerThanTheBackoff() {
        transport.fails("cheap", ModelCallFailed.status(429, "slow down", Duration.ofSeconds(2)));
        transport.answers("cheap", answer(100, 50));

        router(dear, cheap).call(request("plan"));

        assertThat(pauses).containsExactly(Duration.ofSeconds(2));
        assertThat(transport.calls).containsExactly("cheap", "cheap");
    }

    @Test
    void whenEveryProviderAsksToComeBackLaterThanTheRouterWaitsTheTaskIsPutAsideUntilTheSoonest() {
        transport.fails("cheap", ModelCallFailed.status(429, "come back in a minute", Duration.ofSeconds(60)));
        transport.fails("dear", ModelCallFailed.status(503, "maintenance", Duration.ofSeconds(20)));

        assertThatThrownBy(() -> router(dear, cheap).call(request("plan")))
                .isInstanceOfSatisfying(dev.kortana.processors.policy.RateLimited.class, limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(20)))
                .hasMessageContaining("cheap: HTTP 429: come back in a minute (Retry-After 60000 ms, longer than routing.max-retry-after-ms)");
        assertThat(transport.calls).containsExactly("cheap", "dear");
        assertThat(pauses).isEmpty();
    }

    @Test
    void movesToTheNextModelAtOnceWhenRetryAfterIsAboveTheLimit() {
        transport.fails("cheap", ModelCallFailed.status(429, "come back tomorrow", Duration.ofSeconds(60)));
        transport.answers("dear", answer(100, 50));

        ModelResponse response = router(dear, cheap).call(request("plan"));

        assertThat(response.model()).isEqualTo("dear-model");
        assertThat(transport.calls).containsExactly("cheap", "dear");
        assertThat(pauses).isEmpty();
    }

    @Test
    void movesToTheNextModelAtOnceAfterANonRetryableFailure() {
        transport.fails("cheap", ModelCallFailed.status(400, "bad request", null));
        transport.answers("dear", answer(100, 50));

        ModelResponse response = router(dear, cheap).call(request("plan"));

        assertThat(response.model()).isEqualTo("dear-model");
        assertThat(transport.calls).containsExactly("cheap", "dear");
        assertThat(pauses).isEmpty();
    }

    @Test
    void movesToTheNextModelWhenRetriesRunOut() {
        transport.fails("cheap", ModelCallFailed.status(503, "down", null));
        transport.fails("cheap", ModelCallFailed.status(503, "still down", null));
        transport.answers("dear", answer(100, 50));

        ModelResponse response = router(dear, cheap).call(request("plan"));

        assertThat(response.model()).isEqualTo("dear-model");
        assertThat(transport.calls).containsExactly("cheap", "cheap", "dear");
        assertThat(pauses).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void namesEveryModelAndWhyItFailedWhenNoneAnswers() {
        transport.fails("cheap", ModelCallFailed.status(400, "bad request", null));
        transport.fails("dear", ModelCallFailed.status(503, "down", null));
        transport.fails("dear", ModelCallFailed.lostAnswer("timed out after 30000 ms"));

        assertThatThrownBy(() -> router(dear, cheap).call(request("plan")))
                .isInstanceOf(ModelsUnavailable.class)
                .hasMessageContaining("no model answered 'plan' for task t-1")
                .hasMessageContaining("cheap: HTTP 400: bad request")
                .hasMessageContaining("dear: timed out after 30000 ms (after 2 attempts)");
        assertThat(transport.calls).containsExactly("cheap", "dear", "dear");
    }

    @Test
    void aRejectedKeyIsNotRetriedTheNextModelAnswersAndTheModelShowsMisconfigured() {
        transport.fails("cheap", ModelCallFailed.status(401, "invalid api key", null));
        transport.answers("dear", answer(100, 50));
        ModelRouter router = router(dear, cheap);

        ModelResponse response = router.call(request("plan"));

        assertThat(response.model()).isEqualTo("dear-model");
        assertThat(transport.calls).containsExactly("cheap", "dear");
        assertThat(pauses).isEmpty();
        assertThat(router.stats("cheap").snapshot().misconfigured()).isEqualTo("HTTP 401: invalid api key");
        assertThat(router.stats("dear").snapshot().misconfigured()).isNull();
    }

    @Test
    void whenEveryModelIsConfiguredWronglyTheTaskFailsAtOnceNamingEachModelAndTheFix() {
        transport.fails("cheap", ModelCallFailed.status(401, "invalid api key", null));
        transport.fails("dear", ModelCallFailed.status(404, "model 'dear-model' does not exist", null));

        assertThatThrownBy(() -> router(dear, cheap).call(request("plan")))
                .isInstanceOf(ModelsMisconfigured.class)
                .isInstanceOf(dev.kortana.processors.pipeline.PermanentFailure.class)
                .hasMessageContaining("every model that may serve 'plan' is configured wrongly")
                .hasMessageContaining("cheap: HTTP 401: invalid api key (check the model's API key")
                .hasMessageContaining("dear: HTTP 404: model 'dear-model' does not exist (check the model's name")
                .hasMessageContaining("Fix models.yaml");
        assertThat(transport.calls).containsExactly("cheap", "dear");
        assertThat(pauses).isEmpty();
    }

    @Test
    void aRequestEveryModelRefusesFailsAtOnceWithoutMarkingAnyModel() {
        transport.fails("cheap", ModelCallFailed.status(400, "prompt is too long", null));
        transport.fails("dear", ModelCallFailed.status(422, "content filtered", null));
        ModelRouter router = router(dear, cheap);

        assertThatThrownBy(() -> router.call(request("plan")))
                .isInstanceOf(ModelsMisconfigured.class)
                .hasMessageContaining("every model that may serve 'plan' refused this request")
                .hasMessageContaining("cheap: HTTP 400: prompt is too long (the provider refused this request");
        assertThat(transport.calls).containsExactly("cheap", "dear");
        assertThat(router.stats("cheap").snapshot().misconfigured()).as("one request's fault, not the model's").isNull();
    }

    @Test
    void aRetryAfterLongerThanAnyDeferralIsAnOutageNotAWait() {
        transport.fails("cheap", ModelCallFailed.status(429, "come back tomorrow", Duration.ofHours(24)));

        assertThatThrownBy(() -> router(cheap).call(request("plan"))).isInstanceOf(ModelsUnavailable.class);
    }

    @Test
    void aMisconfiguredModelBesideOneThatIsDownIsAPassingFailureNotAPermanentOne() {
        transport.fails("cheap", ModelCallFailed.status(403, "forbidden", null));
        transport.fails("dear", ModelCallFailed.status(503, "down", null));
        transport.fails("dear", ModelCallFailed.status(503, "still down", null));

        assertThatThrownBy(() -> router(dear, cheap).call(request("plan"))).isInstanceOf(ModelsUnavailable.class);
    }

    @Test
    void aMisconfiguredModelIsAskedLastSoABadKeyCostsOneFailedCallNotOnePerCall() {
        transport.fails("cheap", ModelCallFailed.status(401, "invalid api key", null));
        transport.answers("dear", answer(100, 50));
        transport.answers("dear", answer(100, 50));
        ModelRouter router = router(dear, cheap);
        router.call(request("plan"));

        ModelResponse second = router.call(request("plan"));

        assertThat(second.model()).isEqualTo("dear-model");
        assertThat(transport.calls).containsExactly("cheap", "dear", "dear");
        assertThat(router.stats("cheap").isMisconfigured()).isTrue();
    }

    @Test
    void aModelThatAnswersAgainIsNoLongerShownMisconfigured() {
        transport.fails("cheap", ModelCallFailed.status(401, "invalid api key", null));
        transport.answers("dear", answer(100, 50));
        transport.fails("dear", ModelCallFailed.status(503, "down", null)); // the other model fails: cheap is asked last
        transport.fails("dear", ModelCallFailed.status(503, "still down", null));
        transport.answers("cheap", answer(100, 50));
        ModelRouter router = router(dear, cheap);
        router.call(request("plan"));

        router.call(request("plan"));

        assertThat(router.stats("cheap").snapshot().misconfigured()).isNull();
    }

    @Test
    void refusesWithoutCallingWhenNoModelSatisfiesTheResidency() {
        ModelRequest euOnly = new ModelRequest("plan", "t-1", "acme",
                new TaskConstraints(null, null, "eu", null, false), "p", null);

        assertThatThrownBy(() -> router(dear, cheap, free).call(euOnly))
                .isInstanceOf(NoEligibleModel.class)
                .hasMessageContaining("no configured model may serve 'plan' within dataResidency 'eu'")
                .hasMessageContaining("cheap: region 'us'")
                .hasMessageContaining("free: no 'plan' capability");
        assertThat(transport.calls).isEmpty();
        assertThat(spending.headroomCalls).isZero();
        assertThat(spending.reservations).isEmpty();
    }

    @Test
    void failsWithBudgetExceededWhenNoPaidModelFitsTheHeadroomAndNoneIsFree() {
        spending.limit = new BigDecimal("1.00");

        assertThatThrownBy(() -> router(dear, cheap).call(request("plan")))
                .isInstanceOf(BudgetExceeded.class)
                .hasMessageStartingWith("BUDGET_EXCEEDED: ")
                .hasMessageContaining("cheap: worst case $1.035 exceeds the $1 left in task t-1")
                .hasMessageContaining("dear: worst case $3.105");
        assertThat(transport.calls).isEmpty();
        assertThat(spending.reservations).isEmpty();
    }

    @Test
    void fallsBackToAFreeModelWhenNoPaidModelFitsTheHeadroom() {
        spending.limit = new BigDecimal("1.00");
        transport.answers("free", answer(10, 10));

        ModelResponse response = router(cheap, free).call(request("summarize"));

        assertThat(response.model()).isEqualTo("free-model");
        assertThat(response.costUsd()).isEqualByComparingTo("0");
        assertThat(transport.calls).containsExactly("free");
    }

    @Test
    void triesTheNextModelWhenTheSpendingStoreRefusesAReservation() {
        spending.refusals = 1;   // another call took the money between headroom and reservation
        transport.answers("dear", answer(100, 50));

        ModelResponse response = router(dear, cheap).call(request("plan"));

        assertThat(response.model()).isEqualTo("dear-model");
        assertThat(transport.calls).containsExactly("dear");
    }

    @Test
    void failsWithBudgetExceededWhenEveryReservationIsRefused() {
        spending.refusals = 2;

        assertThatThrownBy(() -> router(dear, cheap).call(request("plan")))
                .isInstanceOf(BudgetExceeded.class)
                .hasMessageStartingWith("BUDGET_EXCEEDED")
                .hasMessageContaining("cheap: its worst case $")
                .hasMessageContaining("dear: its worst case $")
                .hasMessageContaining("no longer fits the budget");
        assertThat(transport.calls).isEmpty();
    }

    @Test
    void waitsForMoneyHeldByCallsInFlightInsteadOfGivingUp() {
        spending.heldRefusals = 3; // reservations of concurrent calls that will settle below their worst case
        transport.answers("cheap", answer(100, 50));

        ModelResponse response = router(dear, cheap).call(request("plan"));

        assertThat(response.model()).isEqualTo("cheap-model");
        assertThat(pauses).containsExactly(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80));
        spending.assertEveryReservationSettledOnce();
    }

    @Test
    void reservesTheWorstCaseAndSettlesTheRealCostOfAnAnswer() {
        transport.answers("cheap", answer(100, 50));

        router(cheap).call(request("plan"));

        assertThat(spending.reservations).singleElement()
                .satisfies(r -> assertThat(r.amount()).isEqualByComparingTo(cheap.worstCase(PROMPT_TOKENS)));
        spending.assertEveryReservationSettledOnce();
        assertThat(spending.settled).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo("ok");
            assertThat(call.costUsd()).isEqualByComparingTo(cheap.cost(100, 50));
            assertThat(call.tokensIn()).isEqualTo(100);
            assertThat(call.tokensOut()).isEqualTo(50);
            assertThat(call.model()).isEqualTo("cheap");
            assertThat(call.tenant()).isEqualTo("acme");
        });
        assertThat(spending.booked).isEqualByComparingTo(cheap.cost(100, 50));
        assertThat(heard).isEqualTo(spending.settled);
    }

    @Test
    void settlesAnErrorStatusAtNoCost() {
        transport.fails("cheap", ModelCallFailed.status(400, "bad request", null));
        transport.answers("dear", answer(100, 50));

        router(dear, cheap).call(request("plan"));

        assertThat(spending.reservations).hasSize(2);
        spending.assertEveryReservationSettledOnce();
        assertThat(spending.settled).extracting(ModelCallRecord::outcome).containsExactly("error", "ok");
        assertThat(spending.settled.get(0).costUsd()).isEqualByComparingTo("0");
        assertThat(spending.settled.get(0).error()).contains("HTTP 400");
        assertThat(spending.booked).isEqualByComparingTo(dear.cost(100, 50));
    }

    @Test
    void booksTheReservationWhenTheAnswerWasLostAfterTheProviderMayHaveBilled() {
        transport.fails("cheap", ModelCallFailed.lostAnswer("timed out"));
        transport.fails("cheap", ModelCallFailed.status(500, "boom", null));

        assertThatThrownBy(() -> router(cheap).call(request("plan"))).isInstanceOf(ModelsUnavailable.class);

        assertThat(spending.reservations).hasSize(2);
        spending.assertEveryReservationSettledOnce();
        assertThat(spending.settled.get(0).costUsd()).isEqualByComparingTo(cheap.worstCase(PROMPT_TOKENS));
        assertThat(spending.settled.get(1).costUsd()).isEqualByComparingTo("0");
        assertThat(spending.booked).isEqualByComparingTo(cheap.worstCase(PROMPT_TOKENS));
    }

    @Test
    void settlesTheReservationWhenTheTransportBreaksUnexpectedly() {
        transport.script.computeIfAbsent("cheap", k -> new ArrayDeque<>()).add(new IllegalStateException("route missing"));

        assertThatThrownBy(() -> router(cheap).call(request("plan")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("route missing");

        spending.assertEveryReservationSettledOnce();
        assertThat(spending.settled).singleElement().satisfies(call -> {
            assertThat(call.costUsd()).isEqualByComparingTo("0");
            assertThat(call.error()).contains("route missing");
        });
    }

    @Test
    void neverReservesOrAsksForHeadroomForFreeModels() {
        transport.answers("free", answer(10, 10));

        router(free).call(request("summarize"));

        assertThat(spending.headroomCalls).isZero();
        assertThat(spending.reservations).isEmpty();
        assertThat(spending.settledReservations).containsOnlyNulls().hasSize(1);
        assertThat(spending.settled).singleElement().satisfies(call -> assertThat(call.ok()).isTrue());
    }

    @Test
    void countsFailuresAndReleasesTheCallSlotInTheModelStats() {
        transport.fails("cheap", ModelCallFailed.status(400, "bad request", null));
        transport.answers("dear", answer(100, 50));
        ModelRouter router = router(dear, cheap);

        router.call(request("plan"));

        ModelStats.Snapshot cheapStats = router.stats("cheap").snapshot();
        assertThat(cheapStats.calls()).isEqualTo(1);
        assertThat(cheapStats.failures()).isEqualTo(1);
        assertThat(cheapStats.lastError()).contains("HTTP 400");
        assertThat(cheapStats.inFlight()).isZero();
        assertThat(router.stats("dear").snapshot().latencyEwmaMs()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void backoffDoublesWithEachAttempt() {
        ModelCallFailed noHint = ModelCallFailed.status(503, "", null);

        assertThat(ModelRouter.backoff(POLICY, 0, noHint)).isEqualTo(Duration.ofMillis(250));
        assertThat(ModelRouter.backoff(POLICY, 1, noHint)).isEqualTo(Duration.ofMillis(500));
        assertThat(ModelRouter.backoff(POLICY, 3, noHint)).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void backoffStopsDoublingAfterTenAttempts() {
        ModelCallFailed noHint = ModelCallFailed.status(503, "", null);

        assertThat(ModelRouter.backoff(POLICY, 40, noHint)).isEqualTo(Duration.ofMillis(250L << 10));
    }

    @Test
    void backoffHonoursTheLongerOfRetryAfterAndTheExponentialWait() {
        assertThat(ModelRouter.backoff(POLICY, 0, ModelCallFailed.status(429, "", Duration.ofMillis(100))))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(ModelRouter.backoff(POLICY, 0, ModelCallFailed.status(429, "", Duration.ofSeconds(3))))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(ModelRouter.backoff(POLICY, 0, ModelCallFailed.status(429, "", Duration.ofMillis(5000))))
                .isEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void backoffGivesUpWhenRetryAfterExceedsTheLimit() {
        assertThat(ModelRouter.backoff(POLICY, 0, ModelCallFailed.status(429, "", Duration.ofMillis(5001)))).isNull();
    }

    @Test
    void aModelAtItsRateLimitIsPassedOverForTheNext() {
        transport.answers("dear", answer(100, 50));

        ModelResponse response = router(throttling(Set.of("cheap")), dear, cheap).call(request("plan"));

        assertThat(response.model()).isEqualTo("dear-model");
        assertThat(transport.calls).containsExactly("dear");
    }

    @Test
    void whenOnlyRateLimitsStandInTheWayTheCallWaitsForTheSoonestToken() {
        assertThatThrownBy(() -> router(throttling(Set.of("cheap", "dear")), dear, cheap).call(request("plan")))
                .isInstanceOf(dev.kortana.processors.policy.RateLimited.class)
                .hasMessageContaining("every model that may serve 'plan' reached its rate limit")
                .hasMessageContaining("rate-limits.model")
                .satisfies(e -> assertThat(((dev.kortana.processors.policy.RateLimited) e).retryAfter())
                        .isEqualTo(Duration.ofMillis(400)));
        assertThat(transport.calls).isEmpty();
    }

    /** Governance whose rate limits are used up for {@code names}: "cheap" gets a token in 400 ms, others in 900 ms. */
    private static ModelGovernance throttling(Set<String> names) {
        return new ModelGovernance() {
            @Override
            public Optional<Duration> throttle(ModelSpec model) {
                return names.contains(model.name())
                        ? Optional.of(Duration.ofMillis(model.name().equals("cheap") ? 400 : 900)) : Optional.empty();
            }
        };
    }

    private ModelRouter router(ModelGovernance governance, ModelSpec... models) {
        ModelCatalog catalog = ModelCatalog.of(List.of(models), POLICY, BreakerSettings.DEFAULTS, BudgetLimits.NONE,
                name -> null);
        return new ModelRouter(catalog, transport, spending, heard::add, pauses::add, governance);
    }

    private ModelRouter router(ModelSpec... models) {
        ModelCatalog catalog = ModelCatalog.of(List.of(models), POLICY, BreakerSettings.DEFAULTS, BudgetLimits.NONE,
                name -> null);
        return new ModelRouter(catalog, transport, spending, heard::add, pauses::add);
    }

    private static ModelRequest request(String purpose) {
        return new ModelRequest(purpose, "t-1", "acme", TaskConstraints.NONE, "p", null);
    }

    private static ModelResponse answer(long tokensIn, long tokensOut) {
        return new ModelResponse("raw-provider", "raw-model", "answer", tokensIn, tokensOut, null, 0);
    }

    /** Priced {@code price} USD per 1000 tokens in and out; at most 1000 tokens out. */
    private static ModelSpec spec(String name, String price, Set<String> capabilities) {
        return new ModelSpec(name, "openai", "https://api.example.com/v1", name + "-model", null, new BigDecimal(price),
                new BigDecimal(price), "us", Set.of("us"), capabilities, 100_000, 1000, 1000, 4);
    }

    /** Answers or fails as scripted per model, in order; records every call. */
    private static final class FakeTransport implements ModelTransport {
        final Map<String, Deque<Object>> script = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        void answers(String model, ModelResponse response) {
            script.computeIfAbsent(model, k -> new ArrayDeque<>()).add(response);
        }

        void fails(String model, ModelCallFailed failure) {
            script.computeIfAbsent(model, k -> new ArrayDeque<>()).add(failure);
        }

        @Override
        public ModelResponse send(ModelSpec model, ModelRequest request) {
            calls.add(model.name());
            Object next = script.getOrDefault(model.name(), new ArrayDeque<>()).poll();
            if (next == null) {
                throw new AssertionError("unscripted call to " + model.name());
            }
            if (next instanceof RuntimeException failure) {
                throw failure;
            }
            return (ModelResponse) next;
        }
    }

    /** In-memory spending with one limit: reservations count against it until settled with the real cost. */
    private static final class FakeSpending implements Spending {
        BigDecimal limit;            // null: no limit
        int refusals;                // the next reservations refused whatever the limit
        int heldRefusals;            // the next reservations refused because calls in flight hold the money
        boolean lastRefusalHeld;
        int headroomCalls;
        BigDecimal committed = BigDecimal.ZERO;
        BigDecimal booked = BigDecimal.ZERO;
        final List<Reservation> reservations = new ArrayList<>();
        final List<Reservation> settledReservations = new ArrayList<>();
        final List<ModelCallRecord> settled = new ArrayList<>();

        @Override
        public Headroom headroom(ModelRequest request, double economyBelow) {
            headroomCalls++;
            return limit == null ? Headroom.UNLIMITED
                    : new Headroom(limit.subtract(committed), false, "task " + request.taskId());
        }

        @Override
        public boolean heldByCallsInFlight(ModelRequest request, BigDecimal amount) {
            return lastRefusalHeld;
        }

        @Override
        public Optional<Reservation> reserve(ModelRequest request, BigDecimal amount) {
            lastRefusalHeld = heldRefusals > 0;
            if (heldRefusals > 0) {
                heldRefusals--;
                return Optional.empty();
            }
            if (refusals > 0) {
                refusals--;
                return Optional.empty();
            }
            if (limit != null && committed.add(amount).compareTo(limit) > 0) {
                return Optional.empty();
            }
            committed = committed.add(amount);
            Reservation reservation = new Reservation(List.of("task:" + request.taskId()), amount);
            reservations.add(reservation);
            return Optional.of(reservation);
        }

        @Override
        public void settle(Reservation reservation, ModelCallRecord call) {
            settledReservations.add(reservation);
            settled.add(call);
            if (reservation != null) {
                committed = committed.subtract(reservation.amount()).add(call.costUsd());
                booked = booked.add(call.costUsd());
            }
        }

        void assertEveryReservationSettledOnce() {
            Map<Reservation, Integer> counts = new IdentityHashMap<>();
            settledReservations.stream().filter(r -> r != null).forEach(r -> counts.merge(r, 1, Integer::sum));
            assertThat(counts.keySet()).as("settled reservations").hasSameSizeAs(reservations);
            for (Reservation r : reservations) {
                assertThat(counts.get(r)).as("settlements of " + r).isEqualTo(1);
            }
        }
    }
}
