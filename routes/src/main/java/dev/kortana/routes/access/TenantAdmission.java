package dev.kortana.routes.access;

import dev.kortana.contracts.AgentTask;
import dev.kortana.processors.policy.PolicySource;
import dev.kortana.processors.policy.RateLimit;
import dev.kortana.processors.policy.RateLimiter;
import dev.kortana.processors.store.TaskStore;
import java.time.Duration;
import java.util.Optional;

/**
 * The per-tenant submission limit of policies.yaml ({@code rate-limits.tenant}) on the HTTP channel: a shared token
 * bucket per tenant, so every instance counts against one limit. A resubmission of a stored task costs nothing; a
 * refused one gets 429 with Retry-After and can be sent again with the same id.
 */
public class TenantAdmission {

    private final PolicySource policies;
    private final RateLimiter limiter;
    private final TaskStore tasks;

    public TenantAdmission(PolicySource policies, RateLimiter limiter, TaskStore tasks) {
        this.policies = policies;
        this.limiter = limiter;
        this.tasks = tasks;
    }

    /** Throws {@link TooManyTasks} when the task's tenant has used up its submissions. */
    public void admit(AgentTask task, String fallbackId) {
        Optional<RateLimit> limit = policies.current().rateLimits().forTenant(task.tenant());
        if (limit.isEmpty()) {
            return;
        }
        String id = task.id() != null ? task.id() : fallbackId;
        if (id != null && tasks.find(task.tenant(), id).isPresent()) {
            return;
        }
        RateLimiter.Verdict taken = limiter.take("tenant:" + task.tenant(), limit.get().capacity(), limit.get().perSecond());
        if (!taken.granted()) {
            throw new TooManyTasks(task.tenant(), limit.get(), taken.retryAfter());
        }
    }

    /** The tenant's submission bucket is empty. HTTP answers 429. */
    public static class TooManyTasks extends RuntimeException {
        private final transient Duration retryAfter;

        TooManyTasks(String tenant, RateLimit limit, Duration retryAfter) {
            super("tenant '" + tenant + "' may submit " + (long) limit.capacity() + " tasks at once and " + limit.perSecond()
                    + " per second (policies.yaml rate-limits.tenant); "
                    + (retryAfter == null ? "its allowance does not refill" : "send it again in " + retryAfter.toMillis() + " ms")
                    + " with the same id");
            this.retryAfter = retryAfter;
        }

        /** Whole seconds to wait, at least 1; null when the allowance never refills. */
        public Long retryAfterSeconds() {
            return retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }
}
