package dev.kortana.processors.pipeline;

import dev.kortana.processors.policy.RateLimited;
import dev.kortana.processors.store.CheckpointStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task that met a used-up rate limit is put aside, not failed: this worker lets go of it until the next token is
 * due, and a sweeper (on any instance) resumes it from its checkpoints then. Completed steps are not run again.
 */
public class TaskDeferrals {

    private static final Logger LOG = LoggerFactory.getLogger(TaskDeferrals.class);

    private final Leases leases;
    private final CheckpointStore checkpoints;

    public TaskDeferrals(Leases leases, CheckpointStore checkpoints) {
        this.leases = leases;
        this.checkpoints = checkpoints;
    }

    /** Defers {@code run} for the wait named by the {@link RateLimited} in {@code caught}'s causes. */
    public void defer(TaskRun run, Throwable caught) {
        RateLimited limited = find(caught);
        if (limited == null) {
            throw new IllegalArgumentException("not a rate-limit failure: " + caught, caught);
        }
        Duration wait = limited.retryAfter();
        run.defer();
        if (!leases.defer(run.taskId(), wait)) {
            LOG.warn("Task {} met a rate limit after this worker lost it; its new worker carries on", run.taskId());
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reason", limited.getMessage());
        detail.put("resumeAfterMs", wait.toMillis());
        checkpoints.event(run.taskId(), "policy", "THROTTLED", run.context().status(), detail);
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
