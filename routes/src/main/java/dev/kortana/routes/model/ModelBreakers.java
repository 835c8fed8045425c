package dev.kortana.routes.model;

import dev.kortana.processors.model.BreakerSettings;
import dev.kortana.processors.model.ModelCallFailed;
import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.model.ModelSpec;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.spi.Registry;

/**
 * One resilience4j circuit breaker per model, bound in the registry for that model's route ({@code circuitBreaker}
 * reference) and read back for the models API.
 */
public final class ModelBreakers {

    /** The name the breakers are bound under as a whole (each model's breaker has its own, {@link #beanName}). */
    public static final String BEAN = "modelBreakers";

    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    /** Per model: the last failure its breaker counted, and the one it opened after (kept while it is open). */
    private final Map<String, String> lastFailure = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> openedBy = new java.util.concurrent.ConcurrentHashMap<>();

    public ModelBreakers(ModelCatalog catalog) {
        BreakerSettings s = catalog.breaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .failureRateThreshold(s.failureRatePercent())
                .minimumNumberOfCalls(s.minimumCalls())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.window())
                .waitDurationInOpenState(Duration.ofMillis(s.cooldownMs()))
                .permittedNumberOfCallsInHalfOpenState(s.halfOpenCalls())
                .recordException(ModelBreakers::countsAgainstModel)
                .build();
        for (ModelSpec model : catalog.all()) {
            CircuitBreaker breaker = CircuitBreaker.of("model-" + model.name(), config);
            breaker.getEventPublisher()
                    .onError(e -> lastFailure.put(model.name(), kindOf(e.getThrowable())))
                    .onStateTransition(e -> {
                        if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                            openedBy.put(model.name(), lastFailure.getOrDefault(model.name(), "a failure rate over the limit"));
                        }
                    });
            breakers.put(model.name(), breaker);
        }
    }

    /** A 400/404/413/422 is one request's fault (too long, malformed), not the model's; it must not open the breaker. */
    static boolean countsAgainstModel(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ModelCallFailed failed) {
                return failed.countsAgainstModel();
            }
        }
        return true;
    }

    public static String beanName(String model) {
        return "modelBreaker-" + model;
    }

    public void bind(Registry registry) {
        breakers.forEach((name, breaker) -> registry.bind(beanName(name), CircuitBreaker.class, breaker));
        registry.bind(BEAN, this);
    }

    /**
     * What a failure was, without its text: "HTTP 503", or the exception's kind for a lost answer. The text may come
     * from another tenant's call, and this goes into every refused task's reason; /api/models keeps the full last error.
     */
    static String kindOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ModelCallFailed failed) {
                return failed.status() > 0 ? "HTTP " + failed.status() : "no answer (timeout or cut off)";
            }
        }
        return error.getClass().getSimpleName();
    }

    /** Refuses a call the model's open breaker short-circuited, naming the kind of failure that opened it. */
    public void refuse(String model) {
        String cause = openedBy.get(model);
        throw new CircuitOpen("circuit breaker is open; " + model + " is cooling down"
                + (cause == null ? "" : " (it opened after: " + cause + ")"));
    }

    /** The failure the model's breaker opened after, while it is not CLOSED; null otherwise. */
    public String openedBy(String model) {
        return "CLOSED".equals(state(model)) ? null : openedBy.get(model);
    }

    /** CLOSED, OPEN, HALF_OPEN…, or UNKNOWN for a model without a breaker. */
    public String state(String model) {
        CircuitBreaker breaker = breakers.get(model);
        return breaker == null ? "UNKNOWN" : breaker.getState().name();
    }
}
