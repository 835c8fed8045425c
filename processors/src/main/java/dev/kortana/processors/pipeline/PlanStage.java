package dev.kortana.processors.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.model.ModelGateway;
import dev.kortana.processors.policy.PolicyFilter;
import dev.kortana.processors.store.CheckpointStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Decomposition: an explicit plan is used as given; otherwise the model router is asked for one. */
public class PlanStage {

    private final ModelGateway models;
    private final PolicyFilter policy;
    private final CheckpointStore checkpoints;

    public PlanStage(ModelGateway models, PolicyFilter policy, CheckpointStore checkpoints) {
        this.models = models;
        this.policy = policy;
        this.checkpoints = checkpoints;
    }

    public void plan(TaskRun run) {
        AgentContext context = run.context();
        if (context.plan() != null) {
            return; // planned before a restart; the plan is a checkpoint
        }
        if (context.status() != TaskStatus.PLANNING) {
            checkpoints.transition(run.taskId(), TaskStatus.PLANNING, Map.of());
            run.update(c -> c.withStatus(TaskStatus.PLANNING));
        }
        AgentTask task = context.task();
        if (task.plan() != null) {
            checkpoints.savePlan(run.taskId(), task.plan(), "explicit");
            run.update(c -> c.withPlan(task.plan()));
            return;
        }
        ModelResponse response = models.call(new ModelRequest("plan", run.taskId(),
                "Break the goal into tool calls. Answer with a JSON array of {tool, args, rationale, dependsOn}.",
                planInput(task)));
        List<PlanStep> plan = parse(response.text());
        checkpoints.savePlan(run.taskId(), plan, response.provider() + "/" + response.model());
        run.update(c -> c.withPlan(plan).withUsage(c.usage().plus(response)));
    }

    private ObjectNode planInput(AgentTask task) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("goal", task.goal());
        input.put("inputsText", inputsText(task));
        input.set("tools", Json.MAPPER.valueToTree(policy.toolsFor(task)));
        return input;
    }

    /** The task's inputs as text for the planner: its string values, or the JSON when there are none. */
    static String inputsText(AgentTask task) {
        String texts = task.inputs().values().stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .collect(java.util.stream.Collectors.joining("\n\n"));
        if (!texts.isBlank() || task.inputs().isEmpty()) {
            return texts;
        }
        return Json.MAPPER.valueToTree(task.inputs()).toString();
    }

    private static List<PlanStep> parse(String text) {
        List<PlanStep> plan;
        try {
            plan = Arrays.asList(Json.MAPPER.readValue(text, PlanStep[].class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PermanentFailure(TaskStatus.FAILED, "the planner's answer is not a valid plan: " + e.getMessage());
        }
        if (plan.isEmpty()) {
            throw new PermanentFailure(TaskStatus.FAILED,
                    "no allowed tool fits the goal; check kortana.policy.allowed-tools and the task's constraints.allowedTools");
        }
        return plan;
    }
}
