package dev.kortana.processors.store;

import dev.kortana.contracts.Channel;
import dev.kortana.contracts.TaskStatus;
import java.time.Instant;

/**
 * A task as a list shows it, read from its own columns: no task, plan or outcome JSON is decoded to list tasks.
 *
 * @param clientId    the id the client gave or was given
 * @param traceParent the W3C traceparent the task's trace continues; null when it has none
 */
public record TaskSummary(String id, String clientId, TaskStatus status, String goal, String tenant, Channel channel,
        String traceParent, String statusReason, Instant createdAt, Instant updatedAt) {

    /** The summary of a task read whole. */
    public static TaskSummary of(TaskRecord r) {
        return new TaskSummary(r.id(), r.clientId(), r.status(), r.task().goal(), r.task().tenant(), r.source().channel(),
                r.source().traceParent(), r.statusReason(), r.createdAt(), r.updatedAt());
    }
}
