package dev.kortana.processors.tools;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One resilience4j circuit breaker per tool, on this instance. A breaker counts a tool's {@link TransientToolFailure}s
 * (nothing answered, 429, 5xx, a timeout); an answer of any kind, a 4xx included, shows the tool is up. While a
 * breaker is open no call of its tool is sent: the task is put aside until the breaker lets a probe through, so a tool
 * that is down sees a few probes, not every task's retries.
 */
public final class ToolBreakers {

    /**
     * @param failureRatePercent the share of failed calls, among the last {@code window}, that opens the breaker
     * @param minimumCalls       calls counted before the rate is looked at
     * @param window             calls in the sliding window
     * @param cooldown           how long an open breaker refuses calls before it lets {@code halfOpenCalls} through
     * @param halfOpenCalls      probe calls that decide whether the tool is back
     */
    public record Settings(int failureRatePercent, int minimumCalls, int window, Duration cooldown, int halfOpenCalls) {

        public static final Settings DEFAULTS = new Settings(50, 5, 20, Duration.ofSeconds(10), 1);
    }

    private static final Pattern HTTP_STATUS = Pattern.compile("\\bHTTP (\\d{3})\\b");

    /** No breakers: every call goes ahead (tests of other things, benchmarks). */
    public static final ToolBreakers NONE = new ToolBreakers(null, Clock.systemUTC());

    private final Settings settings;
    private final CircuitBreakerConfig config;
    private final Clock clock;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

    public ToolBreakers(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.config = settings == null ? null : CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRatePercent())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .waitDurationInOpenState(settings.cooldown())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .recordException(e -> e instanceof TransientToolFailure)
                .build();
    }

    /**
     * Asks to call through {@code circuit} (see {@link #circuit}): empty when the call may go ahead (the caller then reports it with {@link #succeeded},
     * {@link #failed} or {@link #released}); otherwise how long until the breaker lets a probe through.
     */
    public Optional<Duration> acquire(String circuit) {
        if (config == null) {
            return Optional.empty();
        }
        Breaker breaker = breaker(circuit);
        if (breaker.circuit.tryAcquirePermission()) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), breaker.openedAt.plus(settings.cooldown()));
        // Half open with its probes under way: come back after another cooldown unless they close it sooner.
        return Optional.of(left.isNegative() || left.isZero() ? settings.cooldown() : left);
    }

    /** The tool answered (a 4xx too): it is up. */
    public void succeeded(String circuit, long nanos) {
        if (config != null) {
            breaker(circuit).circuit.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The tool did not answer properly (refused, 429, 5xx, timeout). */
    public void failed(String circuit, long nanos, TransientToolFailure failure) {
        if (config != null) {
            Breaker breaker = breaker(circuit);
            breaker.lastFailure = kindOf(failure);
            breaker.circuit.onError(nanos, TimeUnit.NANOSECONDS, failure);
        }
    }

    /**
     * What a failure was, without its text: "HTTP 503", "no connection", "no answer in time". The text names hosts
     * and may come from another tenant's call; /api/tools shows this to every tenant.
     */
    static String kindOf(TransientToolFailure failure) {
        String message = String.valueOf(failure.getMessage());
        Matcher status = HTTP_STATUS.matcher(message);
        if (status.find()) {
            return "HTTP " + status.group(1);
        }
        if (failure.unavailable()) {
            return "no connection";
        }
        return message.contains(" within ") || message.contains("timeout") ? "no answer in time" : "a call that failed";
    }

    /** The call was not made, or failed for a reason that is not the tool's: the permission is given back uncounted. */
    public void released(String circuit) {
        if (config != null) {
            breaker(circuit).circuit.releasePermission();
        }
    }

    /** Every circuit whose breaker is not closed, with the kind of failure that opened it. */
    public Map<String, String> notClosed() {
        Map<String, String> found = new java.util.TreeMap<>();
        breakers.forEach((circuit, b) -> {
            if (b.circuit.getState() != CircuitBreaker.State.CLOSED) {
                found.put(circuit, b.circuit.getState() + (b.openedBy == null ? "" : " after " + b.openedBy));
            }
        });
        return found;
    }

    /**
     * CLOSED, OPEN or HALF_OPEN; CLOSED for a tool not called yet. For an http tool with a breaker per host: OPEN when
     * any host's is open, then HALF_OPEN when any is half open.
     */
    public String state(String tool) {
        return worst(tool).map(b -> b.circuit.getState().name()).orElse("CLOSED");
    }

    /** The failure the tool's breaker (or the worst of its hosts') opened after, while it is not closed; null otherwise. */
    public String openedBy(String tool) {
        return worst(tool).filter(b -> b.circuit.getState() != CircuitBreaker.State.CLOSED).map(b -> b.openedBy).orElse(null);
    }

    private Optional<Breaker> worst(String tool) {
        if (config == null) {
            return Optional.empty();
        }
        return breakers.entrySet().stream()
                .filter(e -> e.getKey().equals(tool) || e.getKey().startsWith(tool + "@"))
                .map(Map.Entry::getValue)
                .min(java.util.Comparator.comparingInt(b -> switch (b.circuit.getState()) {
                    case OPEN, FORCED_OPEN -> 0;
                    case HALF_OPEN -> 1;
                    default -> 2;
                }));
    }

    /**
     * The breaker a call counts against: the tool's own, except for an {@code http} tool, which may call any allowed
     * host: one breaker per host and port, so one host that is down does not stop calls to the others.
     */
    public static String circuit(ToolSpec spec, ToolCall call) {
        if (!"http".equals(spec.kind()) || !(call.args().get("url") instanceof String url)) {
            return spec.name();
        }
        try {
            java.net.URI uri = java.net.URI.create(url.trim());
            return uri.getHost() == null ? spec.name() : spec.name() + "@" + uri.getHost() + ":" + HostAllowlist.port(uri);
        } catch (IllegalArgumentException e) {
            return spec.name(); // the tool itself refuses the URL, naming the problem
        }
    }

    private Breaker breaker(String circuit) {
        return breakers.computeIfAbsent(circuit, name -> new Breaker(CircuitBreaker.of("tool-" + name, config)));
    }

    private final class Breaker {
        final CircuitBreaker circuit;
        volatile Instant openedAt = Instant.EPOCH;
        volatile String lastFailure;
        volatile String openedBy;

        Breaker(CircuitBreaker circuit) {
            this.circuit = circuit;
            circuit.getEventPublisher().onStateTransition(e -> {
                if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    openedAt = clock.instant();
                    openedBy = lastFailure;
                }
            });
        }
    }
}
