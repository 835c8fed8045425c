package dev.kortana.processors.store;

import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskSource;
import dev.kortana.contracts.TaskStatus;
import java.time.Instant;
import java.util.List;

/**
 * A task as stored, with its status, plan and outcome.
 *
 * @param id       the stored key ({@link TaskKeys}); {@code task().id()} is the same key, what the pipeline runs under
 * @param clientId the id the caller chose or was given, unique within the tenant: what answers show
 */
public record TaskRecord(
        String id,
        String clientId,
        AgentTask task,
        TaskSource source,
        TaskStatus status,
        String statusReason,
        List<PlanStep> plan,
        AgentOutcome outcome,
        String leaseOwner,
        Instant leaseUntil,
        int claims,
        Instant createdAt,
        Instant updatedAt) {}
