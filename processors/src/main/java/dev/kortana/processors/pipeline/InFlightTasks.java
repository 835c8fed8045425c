package dev.kortana.processors.pipeline;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tasks this worker holds, queued or running. The heartbeat renews their leases; holding a task here also keeps the
 * sweeper from queueing it twice on this worker.
 */
public final class InFlightTasks {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    /** True when the task was not held yet; the caller then owns queueing it. */
    public boolean hold(String taskId) {
        return ids.add(taskId);
    }

    public void release(String taskId) {
        ids.remove(taskId);
    }

    public List<String> snapshot() {
        return List.copyOf(ids);
    }

    public int size() {
        return ids.size();
    }
}
