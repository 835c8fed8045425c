package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.MemoryStore;
import java.util.Map;

/** Memory update: the task's goal and result become an episode that later tasks of the tenant can search. */
public class MemoryStage {

    private final MemoryStore memory;
    private final CheckpointStore checkpoints;

    public MemoryStage(MemoryStore memory, CheckpointStore checkpoints) {
        this.memory = memory;
        this.checkpoints = checkpoints;
    }

    public void remember(TaskRun run) {
        AgentContext context = run.context();
        String content = "Goal: " + context.task().goal() + "\nResult: " + ValidateStage.finalResult(context);
        boolean stored = memory.remember(context.task().tenant(), run.taskId(), "episode", content);
        checkpoints.event(run.taskId(), "memory", "MEMORY_UPDATED", context.status(),
                Map.of("kind", "episode", "stored", stored));
    }
}
