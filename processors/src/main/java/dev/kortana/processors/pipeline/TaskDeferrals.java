package dev.kortana.processors.pipeline;

import dev.kortana.processors.policy.RateLimited;
import dev.kortana.processors.store.CheckpointStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task that met a used-up rate limit is put aside, not failed: once its run has ended (steps already running in
 * parallel finish and are checkpointed first), this worker lets go of it until the next token is due, and a sweeper
 * (on any instance) resumes it from its checkpoints then. Completed steps are not run again.
 */
public class TaskDeferrals {

    private static final Logger LOG = LoggerFactory.getLogger(TaskDeferrals.class);

    private final Leases leases;
    private final CheckpointStore checkpoints;

    public TaskDeferrals(Leases leases, CheckpointStore checkpoints) {
        this.leases = leases;
        this.checkpoints = checkpoints;
    }

    /**
     * Marks {@code run} as waiting for the {@link RateLimited} in {@code caught}'s causes. No new round of it starts; the
     * other steps of its round run and are checkpointed before {@link #putAsideIfDeferred} lets it go.
     */
    public void defer(TaskRun run, Throwable caught) {
        RateLimited limited = find(caught);
        if (limited == null) {
            throw new IllegalArgumentException("not a rate-limit failure: " + caught, caught);
        }
        run.deferBy(limited);
    }

    /** At the end of a run: lets go of a task that waits for a token until the token is due. */
    public void putAsideIfDeferred(TaskRun run) {
        if (run == null || !run.deferred() || run.parked() || run.hasOutcome()) {
            // Parked for a decision in the same round: it stays parked, and the step asks for its token on resume.
            // Ended (a sibling failed): there is nothing left to wait for.
            return;
        }
        RateLimited limited = run.deferredBy();
        Duration wait = limited.retryAfter();
        checkpoints.writeDeferred(run.taskId()); // what led here is written while this worker still holds the task
        try {
            if (!leases.defer(run.taskId(), wait)) {
                LOG.warn("Task {} met a rate limit after this worker lost it; its new worker carries on", run.taskId());
                return;
            }
        } catch (RuntimeException e) { // the database is away: the lease runs out by itself and a sweeper resumes the task
            LOG.warn("Task {} waits for a rate limit; it resumes when its lease runs out: {}", run.taskId(), e.toString());
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reason", limited.getMessage());
        detail.put("resumeAfterMs", wait.toMillis());
        checkpoints.event(run.taskId(), "policy", limited.eventName(), run.context().status(), detail);
        LOG.info("Task {} waits {} ms: {}", run.taskId(), wait.toMillis(), limited.getMessage());
    }

    private static RateLimited find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RateLimited limited) {
                return limited;
            }
        }
        return null;
    }
}
