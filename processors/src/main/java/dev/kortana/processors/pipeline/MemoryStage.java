package dev.kortana.processors.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.StepResult;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.MemoryQuality;
import dev.kortana.processors.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Memory update: what the task's result adds to what memory already gave it becomes a fact that later tasks of the
 * tenant can search, consolidated with what the tenant knows (a twin joins the fact it repeats, an update supersedes
 * it). A result that only restates retrieved memories, or its own goal, is not stored again: the event says so and
 * names the memories it came from. The memories the task retrieved gain quality now that it has passed validation,
 * and lose some when a task that used them fails ({@link #failed}).
 */
public class MemoryStage {

    /** The most a fact may hold; beyond it, whole sentences are left out. */
    public static final int MAX_RESULT_CHARS = 4000;

    private final MemoryStore memory;
    private final MemoryQuality quality;
    private final CheckpointStore checkpoints;
    private final Consumer<Duration> freshness;
    private final NewKnowledge newKnowledge = new NewKnowledge(MAX_RESULT_CHARS);

    /**
     * @param freshness told, for every fact stored, how long it took from the end of validation until the fact was
     *                  retrievable (committed and in the vector index): the knowledge freshness metric
     */
    public MemoryStage(MemoryStore memory, MemoryQuality quality, CheckpointStore checkpoints, Consumer<Duration> freshness) {
        this.memory = memory;
        this.quality = quality;
        this.checkpoints = checkpoints;
        this.freshness = freshness;
    }

    public void remember(TaskRun run) {
        long start = System.nanoTime();
        AgentContext context = run.context();
        String tenant = context.task().tenant();
        List<String> retrieved = new ArrayList<>();
        List<Long> sources = retrievedIds(context, retrieved);
        String learned = newKnowledge.of(ValidateStage.finalResult(context), context.task().goal(), retrieved);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("kind", MemoryStore.FACT);
        if (learned.isEmpty()) {
            detail.put("stored", false);
            detail.put("reason", retrieved.isEmpty() ? "nothing new: the result only repeats the goal"
                    : "nothing new: the result restates what memory gave the task");
        } else {
            MemoryStore.Remembered remembered = memory.remember(tenant, run.taskId(), MemoryStore.FACT, learned);
            detail.put("stored", remembered.stored());
            detail.put("memory", remembered.id());
            detail.put("outcome", remembered.outcome().name().toLowerCase(java.util.Locale.ROOT));
            if (remembered.superseded() != 0) {
                detail.put("supersedes", remembered.superseded());
            }
            if (remembered.stored()) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                freshness.accept(took);
                detail.put("freshnessMs", took.toMillis());
            }
        }
        if (!sources.isEmpty()) {
            detail.put("retrieved", sources);
            quality.used(tenant, sources, true);
        }
        checkpoints.eventWithNextWrite(run.taskId(), "memory", "MEMORY_UPDATED", context.status(), detail); // reflection writes next
    }

    /** A task that retrieved memories failed: they lose some quality (what misled once should rank lower). */
    public void failed(TaskRun run) {
        List<Long> sources = retrievedIds(run.context(), new ArrayList<>());
        if (!sources.isEmpty()) {
            quality.used(run.context().task().tenant(), sources, false);
        }
    }

    /** The ids of the memories the task's memory searches found; their texts and the searches' own words go to {@code texts}. */
    private static List<Long> retrievedIds(AgentContext context, List<String> texts) {
        List<Long> ids = new ArrayList<>();
        for (StepResult step : context.steps()) {
            if (step.completed() && isMemorySearch(step.output())) {
                // A memory search: what it found, and its own words when it found nothing, are not new knowledge.
                texts.add(step.output().path("text").asText());
                for (JsonNode hit : step.output().path("hits")) {
                    texts.add(hit.path("content").asText());
                    if (hit.hasNonNull("id")) {
                        ids.add(hit.get("id").asLong());
                    }
                }
            }
        }
        return ids;
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
