package dev.kortana.processors.store;

import dev.kortana.contracts.TaskStatus;

/**
 * What happened when a task was offered to the store.
 *
 * @param taskId the task
 * @param status its current status
 * @param kind   CREATED (new), EXISTING (same id, same body), CONFLICT (same id, different body)
 */
public record AcceptResult(String taskId, TaskStatus status, Kind kind) {

    public enum Kind {
        CREATED,
        EXISTING,
        CONFLICT
    }
}
