package dev.kortana.processors.pipeline;

import dev.kortana.processors.store.LeaseStore;
import java.time.Duration;
import java.util.List;

/** This worker's side of leasing: renew what it holds, claim what others dropped, and claim a task to run it. */
public class Leases {

    private final LeaseStore store;
    private final InFlightTasks inFlight;
    private final String node;
    private final Duration lease;

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

    /** Sweep: claims tasks whose lease expired (their worker died) and returns those to queue here. */
    public List<String> reclaim(int limit) {
        return store.claimExpired(node, lease, limit).stream().filter(inFlight::hold).toList();
    }

    /** Takes the lease of a task about to run; false when another worker has it or it is finished. */
    public boolean claim(String taskId) {
        return store.claim(taskId, node, lease);
    }

    /** On a graceful stop: hand back what is held here, so nobody waits for the leases to run out. */
    public int releaseAll() {
        return store.releaseAll(node);
    }
}
