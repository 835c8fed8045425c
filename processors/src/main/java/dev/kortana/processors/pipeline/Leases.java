package dev.kortana.processors.pipeline;

import dev.kortana.processors.store.LeaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** This worker's side of leasing: renew what it holds, claim what others dropped, and claim a task to run it. */
public class Leases {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    /** The MDC key the pipeline's exchanges carry the task id under (the exchange property KortanaTaskId). */
    public static final String TASK_ID_MDC = "KortanaTaskId";

    private final LeaseStore store;
    private final InFlightTasks inFlight;
    private final String node;
    private final Duration lease;
    private final java.util.concurrent.atomic.AtomicLong takeovers = new java.util.concurrent.atomic.AtomicLong();
    private volatile java.time.Instant lastSweep = java.time.Instant.now();

    public Leases(LeaseStore store, InFlightTasks inFlight, String node, Duration lease) {
        this.store = store;
        this.inFlight = inFlight;
        this.node = node;
        this.lease = lease;
    }

    /** Heartbeat: extends the lease of every task held here. */
    public int renew() {
        return store.renew(node, inFlight.snapshot(), lease);
    }

    /** When this instance's sweeper last ran through (its heartbeat says whether it still does). */
    /** Tasks this instance took over from a worker whose lease ran out, since it started. */
    public long takeovers() {
        return takeovers.get();
    }

    public java.time.Instant lastSweep() {
        return lastSweep;
    }

    /** Sweep: claims tasks whose lease expired (their worker died, or their wait is over) and returns those to queue here. */
    public List<String> reclaim(int limit) {
        List<String> queue = new ArrayList<>();
        for (LeaseStore.Claimed claimed : store.claimExpired(node, lease, limit)) {
            if (!inFlight.hold(claimed.taskId())) {
                continue;
            }
            // On the sweeper's timer thread, outside any task's exchange: the task id goes into the MDC by hand.
            try (var mdc = MDC.putCloseable(TASK_ID_MDC, claimed.taskId())) {
                if (claimed.previousOwner() == null) {
                    LOG.info("Resuming task {}: its wait is over", claimed.taskId());
                } else {
                    takeovers.incrementAndGet();
                    LOG.warn("Resuming task {}: its lease expired (worker {} stopped)", claimed.taskId(), claimed.previousOwner());
                }
            }
            queue.add(claimed.taskId());
        }
        lastSweep = java.time.Instant.now();
        return queue;
    }

    /**
     * Takes a task that something other than intake or the sweeper wants run here (a decision, a cancel, a timeout, a
     * replay): holds it, so the heartbeat renews its lease while it waits and runs, and claims its lease. False when
     * it is held here already or another worker has it; the caller then does not queue it.
     */
    public boolean takeOver(String taskId) {
        if (!inFlight.hold(taskId)) {
            return false;
        }
        boolean claimed = false;
        try {
            claimed = store.claim(taskId, node, lease);
            return claimed;
        } finally {
            if (!claimed) { // not ours, or the database is away: a sweeper must be free to take it
                inFlight.release(taskId);
            }
        }
    }

    /** Takes the lease of a task about to run; false when another worker has it or it is finished. */
    public boolean claim(String taskId) {
        return store.claim(taskId, node, lease);
    }

    /** How long a claim holds a task unless it is renewed. */
    public Duration duration() {
        return lease;
    }

    /**
     * Lets go of a task until {@code wait} has passed (a rate limit's next token): the heartbeat stops renewing it and
     * any worker's sweeper resumes it after the wait. False when this worker had lost the task already.
     */
    public boolean defer(String taskId, Duration wait) {
        inFlight.release(taskId); // first, so the heartbeat cannot extend the lease past the wait
        return store.defer(taskId, node, wait);
    }

    /**
     * On a graceful stop, at once: hands back tasks queued here that no worker started, so another instance's sweeper
     * takes them now rather than after this instance finished its running tasks.
     */
    public int handBack(List<String> taskIds) {
        taskIds.forEach(inFlight::release); // first, so the heartbeat does not renew them meanwhile
        return store.release(node, taskIds);
    }

    /** On a graceful stop: hand back what is held here, so nobody waits for the leases to run out. */
    public int releaseAll() {
        return store.releaseAll(node);
    }
}
