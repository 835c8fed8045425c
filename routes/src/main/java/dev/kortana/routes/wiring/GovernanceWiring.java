package dev.kortana.routes.wiring;

import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.model.ModelGovernance;
import dev.kortana.processors.pipeline.StepGate;
import dev.kortana.processors.policy.PolicyModelGovernance;
import dev.kortana.processors.policy.PolicySource;
import dev.kortana.processors.policy.Throttle;
import dev.kortana.processors.store.ApprovalStore;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.RateLimitStore;
import dev.kortana.processors.store.TaskStore;
import dev.kortana.routes.Settings;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.TenantAdmission;
import dev.kortana.routes.api.ApprovalsApi;
import dev.kortana.routes.api.CancelApi;
import dev.kortana.routes.pipeline.ApprovalEvents;
import dev.kortana.routes.pipeline.PolicyReloads;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Governance in one place: policies.yaml (reloadable), the signed audit log, shared rate limits, approvals, the
 * step gate and the human-reviewed prompt versions. Binds the beans the routes use and hands back what the pipeline's own classes need.
 */
final class GovernanceWiring {

    private static final Logger LOG = LoggerFactory.getLogger(GovernanceWiring.class);
    private static final String WAIT_IN_PLACE = "kortana.rate-limits.wait-in-place-ms";

    /** What the rest of the wiring needs from governance. */
    record Governance(PolicySource policies, AuditTrail audit, StepGate gate, ModelGovernance models, TenantAdmission admission,
            PromptWiring.Prompts prompts, ApprovalStore approvals) {}

    private GovernanceWiring() {}

    static Governance start(CamelContext context, Database db, String node, Path dataDir, ApiAccess access,
            CheckpointStore checkpoints, TaskStore tasks, Resources resources) {
        Clock clock = Clock.systemUTC();
        String location = property(context, "kortana.policy.file", "classpath:policies.yaml");
        PolicySource policies = PolicySource.load(location, clock);
        LOG.info("Policies: {} version {}, rules {}{}", location, policies.current().version(), policies.current().ruleIds(),
                policies.file() == null ? " (not reloadable: a classpath resource)" : "");
        AuditTrail audit = AuditWiring.start(context, db, dataDir, access, resources);
        RateLimitStore limiter = new RateLimitStore(db);
        ApprovalStore approvals = new ApprovalStore(db, node);
        ApprovalEvents events = new ApprovalEvents(approvals, audit, context.createProducerTemplate());
        // A tool whose next token is this near is waited for in place; a longer wait puts the task aside (TaskDeferrals).
        long waitMs = Settings.number(context.getPropertiesComponent(), WAIT_IN_PLACE, "2000");
        if (waitMs < 0) {
            throw new IllegalArgumentException(WAIT_IN_PLACE + " = " + waitMs + " is negative; use 0 (always put a throttled"
                    + " task aside) or more");
        }
        Duration waitInPlace = Duration.ofMillis(waitMs);
        Throttle throttle = new Throttle(limiter, waitInPlace, wait -> TimeUnit.NANOSECONDS.sleep(wait.toNanos()));
        StepGate gate = new StepGate(approvals, checkpoints, audit, throttle, () -> policies.current().rateLimits(),
                events, clock);
        PromptWiring.Prompts prompts = PromptWiring.start(context, db, audit);
        Registry registry = context.getRegistry();
        registry.bind("stepGate", gate);
        registry.bind("approvalEvents", events);
        registry.bind("approvalsApi", new ApprovalsApi(approvals, tasks, access, audit, context.createProducerTemplate(),
                prompts.api()));
        registry.bind("cancelApi", new CancelApi(approvals, tasks, access, audit, context.createProducerTemplate()));
        registry.bind("policyReloads", new PolicyReloads(policies, audit));
        registry.bind("rateLimits", limiter);
        return new Governance(policies, audit, gate, new PolicyModelGovernance(policies, limiter, audit, clock),
                new TenantAdmission(policies, limiter, tasks), prompts, approvals);
    }

    private static String property(CamelContext context, String key, String otherwise) {
        return context.getPropertiesComponent().resolveProperty(key).filter(v -> !v.isBlank()).orElse(otherwise).trim();
    }
}
