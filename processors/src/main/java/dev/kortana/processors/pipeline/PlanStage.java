package dev.kortana.processors.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.contracts.Usage;
import dev.kortana.processors.model.BudgetExceeded;
import dev.kortana.processors.model.OfflinePlanner;
import dev.kortana.processors.model.PlanHistory;
import dev.kortana.processors.tools.StepArguments;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.processors.model.ModelGateway;
import dev.kortana.processors.policy.PolicyFilter;
import dev.kortana.processors.prompts.PromptBook;
import dev.kortana.processors.prompts.ShippedPrompts;
import dev.kortana.processors.store.CheckpointStore;
import java.util.List;
import java.util.Map;

/**
 * Decomposition: an explicit plan is used as given; otherwise the model router is asked for one. The answer must pass
 * {@link PlanCheck}; an invalid answer goes back to the model with the problems, a bounded number of times, and
 * then the offline planner plans instead, so a model that cannot plan never crashes the task.
 */
public class PlanStage {

    private static final int MAX_ECHO = 4000;

    private final ModelGateway models;
    private final PromptBook prompts;
    private final PolicyFilter policy;
    private final CheckpointStore checkpoints;
    private final PlanCheck planCheck;
    private final int maxRepairs;
    private final PlanningHistory history;

    public PlanStage(ModelGateway models, PromptBook prompts, PolicyFilter policy, CheckpointStore checkpoints,
            PlanCheck planCheck, int maxRepairs) {
        this(models, prompts, policy, checkpoints, planCheck, maxRepairs, PlanningHistory.NONE);
    }

    public PlanStage(ModelGateway models, PromptBook prompts, PolicyFilter policy, CheckpointStore checkpoints,
            PlanCheck planCheck, int maxRepairs, PlanningHistory history) {
        this.history = history;
        this.models = models;
        this.prompts = prompts;
        this.policy = policy;
        this.checkpoints = checkpoints;
        this.planCheck = planCheck;
        this.maxRepairs = maxRepairs;
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
        List<ToolSpec> tools = policy.toolsFor(task);
        PlanHistory past = history.of(task, tools);
        ObjectNode input = planInput(task, tools);
        if (!past.isEmpty()) {
            input.set("history", past.toJson());
        }
        ModelRequest request = ModelRequest.forTask("plan", task,
                prompts.choose(ShippedPrompts.PLAN, task.id()).text(), input);
        ModelResponse response = models.call(request);
        Usage usage = Usage.NONE.plus(response);
        PlanCheck.Result check = planCheck.check(response.text(), tools);
        String repairPrompt = null;
        for (int repair = 1; !check.ok() && repair <= maxRepairs; repair++) {
            checkpoints.event(run.taskId(), "plan", "PLAN_INVALID", TaskStatus.PLANNING,
                    Map.of("model", response.provider() + "/" + response.model(), "problems", check.problems(), "repair", repair));
            ObjectNode repairInput = input.deepCopy();
            repairInput.put("previousAnswer", abbreviate(response.text()));
            repairInput.set("problems", Json.MAPPER.valueToTree(check.problems()));
            try {
                repairPrompt = repairPrompt != null ? repairPrompt : prompts.choose(ShippedPrompts.PLAN_REPAIR, task.id()).text();
                response = models.call(request.withPrompt(repairPrompt, repairInput));
            } catch (BudgetExceeded noMoney) {
                // The budget is gone but the offline planner costs nothing: plan with it rather than fail the task.
                checkpoints.event(run.taskId(), "plan", "PLAN_REPAIR_UNAFFORDABLE", TaskStatus.PLANNING,
                        Map.of("reason", noMoney.getMessage()));
                break;
            }
            usage = usage.plus(response);
            check = planCheck.check(response.text(), tools);
        }
        List<PlanStep> plan = check.plan();
        String plannedBy = response.provider() + "/" + response.model();
        if (!check.ok()) {
            checkpoints.event(run.taskId(), "plan", "PLAN_FALLBACK", TaskStatus.PLANNING,
                    Map.of("model", plannedBy, "problems", check.problems(), "repairs", maxRepairs));
            plan = OfflinePlanner.plan(task.goal(), StepArguments.inputsText(task), tools, past);
            plannedBy = "offline-planner (after " + (maxRepairs + 1) + " invalid plans from " + plannedBy + ")";
        }
        if (plan.isEmpty()) {
            throw new PermanentFailure(TaskStatus.FAILED,
                    "no allowed tool fits the goal; check kortana.policy.allowed-tools and the task's constraints.allowedTools");
        }
        List<PlanStep> chosen = plan;
        Usage spent = usage;
        checkpoints.savePlan(run.taskId(), chosen, plannedBy, history.informed(past, chosen));
        run.update(c -> c.withPlan(chosen).withUsage(c.usage().plus(spent)));
    }

    private static ObjectNode planInput(AgentTask task, List<ToolSpec> tools) {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("goal", task.goal());
        input.put("inputsText", StepArguments.inputsText(task));
        var list = input.putArray("tools");
        tools.forEach(t -> list.add(forPlanner(t)));
        return input;
    }

    /** What a planner may know of a tool: what it does and takes, never where it runs (endpoints, databases). */
    static ObjectNode forPlanner(ToolSpec tool) {
        ObjectNode view = Json.MAPPER.createObjectNode();
        view.put("name", tool.name());
        view.put("kind", tool.kind());
        view.put("description", tool.description());
        view.set("keywords", Json.MAPPER.valueToTree(tool.keywords()));
        view.put("phase", tool.phase());
        if (tool.requires() != null) {
            view.put("requires", tool.requires());
        }
        view.set("plan-args", Json.MAPPER.valueToTree(tool.planArgs()));
        if (tool.argsSchema() != null) {
            view.set("args-schema", tool.argsSchema());
        }
        view.set("capabilities", Json.MAPPER.valueToTree(tool.capabilities()));
        view.set("safety", Json.MAPPER.valueToTree(tool.safety()));
        view.put("idempotent", tool.idempotent());
        return view;
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "…";
    }
}
