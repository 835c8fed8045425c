package dev.kortana.processors.store;

import dev.kortana.contracts.TaskStatus;

/**
 * What happened when a task was offered to the store.
 *
 * @param taskId the id the caller knows the task by (what answers name)
 * @param key    the stored key the pipeline runs the task under ({@link TaskKeys})
 * @param status its current status
 * @param kind   CREATED (new), EXISTING (same id in the same tenant, same body), CONFLICT (same id in the same tenant,
 *               different body)
 */
public record AcceptResult(String taskId, String key, TaskStatus status, Kind kind) {

    public enum Kind {
        CREATED,
        EXISTING,
        CONFLICT
    }
}
