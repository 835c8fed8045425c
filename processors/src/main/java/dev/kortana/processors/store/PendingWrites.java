package dev.kortana.processors.store;

import dev.kortana.contracts.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What waits, per task, for the task's next write on this worker (see {@link CheckpointStore}): events and transitions
 * in the order they happened. Thread-safe; a task's list is taken whole by the write that carries it, and put back in
 * front of anything added meanwhile when that write fails.
 */
final class PendingWrites {

    /** An event, or a transition ({@code transition} true), waiting for the task's next write. */
    record Pending(String kind, String name, TaskStatus status, Object detail, boolean transition) {}

    private final Map<String, List<Pending>> byTask = new ConcurrentHashMap<>();

    void add(String taskId, Pending pending) {
        byTask.compute(taskId, (id, list) -> {
            List<Pending> all = list == null ? new ArrayList<>() : list;
            all.add(pending);
            return all;
        });
    }

    /** Everything waiting for the task, now no longer waiting; null when nothing is. */
    List<Pending> take(String taskId) {
        return byTask.remove(taskId);
    }

    /** Puts {@code taken} back, before what was added since it was taken. */
    void putBack(String taskId, List<Pending> taken) {
        byTask.merge(taskId, taken, (newer, older) -> {
            List<Pending> all = new ArrayList<>(older);
            all.addAll(newer);
            return all;
        });
    }
}
