package dev.kortana.routes.observe;

import dev.kortana.processors.store.HeartbeatStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Every scheduler's heartbeat: each timer route (the lease sweeper and renewals, the reapers, the reloads, the
 * maintenance jobs, the relays) is a component {@code scheduler:<route id>}, failing when its last run failed (also when
 * the route handled the error) or when it has not run for three periods (and ten seconds) after its first delay. Learns the runs from
 * Camel's exchange events, so a new timer route is watched without a line here. Routes not started (a job turned off)
 * are not beaten for.
 */
public final class SchedulerRuns extends EventNotifierSupport {

    private record Run(Instant at, String problem) {
    }

    private final CamelContext context;
    private final Clock clock;
    private final Map<String, Run> last = new ConcurrentHashMap<>();

    public SchedulerRuns(CamelContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String routeId = exchange.getFromRouteId();
        if (routeId == null || !(exchange.getFromEndpoint() instanceof TimerEndpoint)) {
            return;
        }
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        last.put(routeId, new Run(clock.instant(), failure == null ? null : "last run failed: " + failure.getMessage()));
    }

    /** A beat per started timer route. */
    public List<HeartbeatStore.Beat> beats() {
        List<HeartbeatStore.Beat> beats = new ArrayList<>();
        Instant now = clock.instant();
        for (Route route : context.getRoutes()) {
            if (!(route.getEndpoint() instanceof TimerEndpoint timer) || timer.getPeriod() <= 0 || timer.getRepeatCount() > 0
                    || !context.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                continue; // a one-shot timer has nothing to be late for
            }
            Run run = last.get(route.getRouteId());
            // Three periods after the first delay, and ten seconds more: a timer waits a period after each run ends,
            // so a busy run (a slow database) stretches the gap without anything being wrong. Counted from the later of
            // the last run and the route's (re)start; a run in progress is not late.
            Duration allowed = Duration.ofMillis(Math.max(timer.getDelay(), 0) + 3 * timer.getPeriod() + 10_000);
            Instant routeStarted = now.minusMillis(route.getUptimeMillis());
            Instant since = run == null || run.at().isBefore(routeStarted) ? routeStarted : run.at();
            boolean running = context.getInflightRepository().size(route.getRouteId()) > 0;
            String problem = run != null && !run.at().isBefore(routeStarted) && run.problem() != null ? run.problem()
                    : !running && Duration.between(since, now).compareTo(allowed) > 0
                            ? "no run for " + Duration.between(since, now).toSeconds() + " s (every " + timer.getPeriod() + " ms)"
                            : null;
            beats.add(new HeartbeatStore.Beat("scheduler:" + route.getRouteId(), problem == null, problem));
        }
        return beats;
    }
}
