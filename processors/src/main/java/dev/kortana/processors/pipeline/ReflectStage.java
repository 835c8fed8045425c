package dev.kortana.processors.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.model.ModelGateway;
import dev.kortana.processors.model.OfflineModel;
import dev.kortana.processors.prompts.PromptBook;
import dev.kortana.processors.prompts.ShippedPrompts;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.MemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Reflection: the model looks back on the run; the outcome is then recorded, ready to publish. A reflection that says
 * something the goal, the result and the step record do not is remembered as a reflection of the tenant (the offline
 * model's is a rendering of the step record, so it never is).
 */
public class ReflectStage {

    /** A model's opinion of its own run starts below a fact nobody has judged yet. */
    static final double REFLECTION_QUALITY = 0.4;

    private final ModelGateway models;
    private final PromptBook prompts;
    private final CheckpointStore checkpoints;
    private final MemoryStore memory;
    private final NewKnowledge newKnowledge = new NewKnowledge(MemoryStage.MAX_RESULT_CHARS);

    public ReflectStage(ModelGateway models, PromptBook prompts, CheckpointStore checkpoints, MemoryStore memory) {
        this.models = models;
        this.prompts = prompts;
        this.checkpoints = checkpoints;
        this.memory = memory;
    }

    public void reflect(TaskRun run) {
        checkpoints.transition(run.taskId(), TaskStatus.REFLECTING, Map.of());
        run.update(c -> c.withStatus(TaskStatus.REFLECTING));
        AgentContext context = run.context();
        ObjectNode input = reflectInput(context);
        ModelResponse response = models.call(ModelRequest.forTask("reflect", context.task(),
                prompts.choose(ShippedPrompts.REFLECT, run.taskId()).text(), input));
        run.update(c -> c.withUsage(c.usage().plus(response)));
        AgentContext updated = run.context();
        AgentOutcome outcome = checkpoints.saveOutcome(run.taskId(), new AgentOutcome(run.taskId(), TaskStatus.COMPLETED,
                updated.task().goal(), ValidateStage.finalResult(updated), null, updated.steps(), response.text(),
                updated.usage(), 0, Instant.now()));
        run.update(c -> c.withOutcome(outcome));
        rememberLesson(run.taskId(), updated, response, input);
    }

    private void rememberLesson(String taskId, AgentContext context, ModelResponse response, ObjectNode input) {
        if (OfflineModel.PROVIDER.equals(response.provider()) || response.text() == null) {
            return;
        }
        String lesson = newKnowledge.of(response.text(), context.task().goal(),
                List.of(ValidateStage.finalResult(context), input.toString()));
        if (!lesson.isEmpty()) {
            memory.remember(context.task().tenant(), taskId, MemoryStore.REFLECTION, lesson, REFLECTION_QUALITY);
        }
    }

    private static ObjectNode reflectInput(AgentContext context) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("goal", context.task().goal());
        ArrayNode steps = input.putArray("steps");
        int memoryHits = -1;
        for (StepResult s : context.steps()) {
            steps.addObject().put("tool", s.tool()).put("status", s.status().name()).put("durationMs", s.durationMs());
            if ("memory.search".equals(s.tool()) && s.output() != null) {
                memoryHits = Math.max(memoryHits, 0) + s.output().path("count").asInt();
            }
        }
        input.put("memoryHits", memoryHits);
        return input;
    }
}
