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
import dev.kortana.processors.store.CheckpointStore;
import java.time.Instant;
import java.util.Map;

/** Reflection: the model looks back on the run; the outcome is then recorded, ready to publish. */
public class ReflectStage {

    private final ModelGateway models;
    private final CheckpointStore checkpoints;

    public ReflectStage(ModelGateway models, CheckpointStore checkpoints) {
        this.models = models;
        this.checkpoints = checkpoints;
    }

    public void reflect(TaskRun run) {
        checkpoints.transition(run.taskId(), TaskStatus.REFLECTING, Map.of());
        run.update(c -> c.withStatus(TaskStatus.REFLECTING));
        AgentContext context = run.context();
        ModelResponse response = models.call(ModelRequest.forTask("reflect", context.task(),
                "Reflect on this run: what worked, what was slow, what to do differently.", reflectInput(context)));
        run.update(c -> c.withUsage(c.usage().plus(response)));
        AgentContext updated = run.context();
        AgentOutcome outcome = new AgentOutcome(run.taskId(), TaskStatus.COMPLETED, updated.task().goal(),
                ValidateStage.finalResult(updated), null, updated.steps(), response.text(), updated.usage(), 0, Instant.now());
        checkpoints.saveOutcome(run.taskId(), outcome);
        run.update(c -> c.withOutcome(outcome));
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
