package dev.kortana.processors.intake;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskSource;
import dev.kortana.processors.store.AcceptResult;
import dev.kortana.processors.store.TaskStore;
import java.time.Duration;

/**
 * Durable acceptance shared by every channel: once {@link #accept} returns, the task survives a crash, and only then
 * may the channel acknowledge (HTTP 202, file moved to .done, Kafka offset committed).
 */
public class Intake {

    private final TaskStore store;
    private final String node;
    private final Duration lease;

    public Intake(TaskStore store, String node, Duration lease) {
        this.store = store;
        this.node = node;
        this.lease = lease;
    }

    /**
     * Accepts a validated task, giving it {@code fallbackId} when it has none.
     * Same id with the same body returns the stored task; same id with another body is a conflict.
     */
    public AcceptResult accept(AgentTask task, String fallbackId, TaskSource source) {
        AgentTask withId = task.id() == null ? task.withId(fallbackId) : task;
        String bodyHash = TaskIds.sha256(Json.canonicalBytes(withId));
        return store.accept(withId, bodyHash, source, node, lease);
    }
}
