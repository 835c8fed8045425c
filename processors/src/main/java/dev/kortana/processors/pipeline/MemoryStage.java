package dev.kortana.processors.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.StepResult;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.MemoryStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory update: what the task's result adds to what memory already gave it becomes an episode that later tasks of the
 * tenant can search. A result that only restates retrieved memories, or its own goal, is not stored again: the event
 * says so and names the memories it came from.
 */
public class MemoryStage {

    /** The most an episode's result may hold; beyond it, whole sentences are left out. */
    public static final int MAX_RESULT_CHARS = 4000;

    private final MemoryStore memory;
    private final CheckpointStore checkpoints;
    private final NewKnowledge newKnowledge = new NewKnowledge(MAX_RESULT_CHARS);

    public MemoryStage(MemoryStore memory, CheckpointStore checkpoints) {
        this.memory = memory;
        this.checkpoints = checkpoints;
    }

    public void remember(TaskRun run) {
        AgentContext context = run.context();
        List<String> retrieved = new ArrayList<>();
        List<Long> sources = new ArrayList<>();
        for (StepResult step : context.steps()) {
            if (step.completed() && isMemorySearch(step.output())) {
                // A memory search: what it found, and its own words when it found nothing, are not new knowledge.
                retrieved.add(step.output().path("text").asText());
                for (JsonNode hit : step.output().path("hits")) {
                    retrieved.add(hit.path("content").asText());
                    if (hit.hasNonNull("id")) {
                        sources.add(hit.get("id").asLong());
                    }
                }
            }
        }
        String goal = context.task().goal();
        String learned = newKnowledge.of(ValidateStage.finalResult(context), goal, retrieved);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", "fact");
        boolean stored = !learned.isEmpty() && memory.remember(context.task().tenant(), run.taskId(), "fact",
                "Goal: " + goal + "\nResult: " + learned);
        detail.put("stored", stored);
        if (learned.isEmpty()) {
            detail.put("reason", retrieved.isEmpty() ? "nothing new: the result only repeats the goal"
                    : "nothing new: the result restates what memory gave the task");
        }
        if (!sources.isEmpty()) {
            detail.put("retrieved", sources);
        }
        checkpoints.event(run.taskId(), "memory", "MEMORY_UPDATED", context.status(), detail);
    }

    /** The output of a memory-kind tool (MemorySearchTool's shape), not any tool's answer that happens to have hits. */
    private static boolean isMemorySearch(JsonNode output) {
        if (output == null || !output.has("query") || !output.path("hits").isArray()) {
            return false;
        }
        for (JsonNode hit : output.path("hits")) {
            if (!hit.has("taskId") || !hit.has("kind") || !hit.has("content")) {
                return false;
            }
        }
        return true;
    }
}
