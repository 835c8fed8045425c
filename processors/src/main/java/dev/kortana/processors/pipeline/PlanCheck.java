package dev.kortana.processors.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.PlanStep;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.intake.TaskContract;
import dev.kortana.processors.tools.ToolSchemas;
import dev.kortana.processors.tools.ToolSpec;
import java.util.Map;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a planner's answer: it must be a JSON plan that passes the same PlanStep schema and ordering rules as a
 * submitted plan, and name only tools this task may use. The problems found go back to the model for a repair.
 */
public final class PlanCheck {

    /** A usable plan, or the problems that make the answer unusable. */
    public record Result(List<PlanStep> plan, List<FieldProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final TaskContract contract;

    public PlanCheck(TaskContract contract) {
        this.contract = contract;
    }

    public Result check(String answer, List<ToolSpec> tools) {
        JsonNode steps;
        try {
            steps = steps(answer);
        } catch (IOException e) {
            return invalid("/", "the answer is not JSON: " + e.getMessage().lines().findFirst().orElse(""),
                    "answer with only a JSON array of steps, no prose");
        }
        if (steps == null) {
            return invalid("/", "the answer holds no array of steps",
                    "answer with a JSON array of {tool, args, rationale, dependsOn}");
        }
        if (steps.isEmpty()) {
            return invalid("/", "the plan has no steps", "plan at least one step with one of the listed tools");
        }
        ObjectNode asTask = Json.MAPPER.createObjectNode().put("goal", "plan check");
        asTask.set("plan", steps);
        List<PlanStep> plan;
        try {
            plan = contract.parse(Json.MAPPER.writeValueAsBytes(asTask)).plan();
        } catch (ContractViolation violation) {
            return new Result(List.of(), violation.problems());

        } catch (IOException e) {
            return invalid("/", e.getMessage(), "answer with a JSON array of steps");
        }
        Map<String, ToolSpec> allowed = tools.stream().collect(Collectors.toMap(ToolSpec::name, t -> t, (a, b) -> a));
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            ToolSpec tool = allowed.get(plan.get(i).tool());
            if (tool == null) {
                problems.add(new FieldProblem("/plan/" + i + "/tool", "'" + plan.get(i).tool()
                        + "' is not a tool this task may use", "use one of " + allowed.keySet().stream().sorted().toList()));
                continue;
            }
            // Arguments are checked before anything runs, so a model gets the chance to repair them.
            for (String violation : ToolSchemas.violations(tool.argsSchema(), Json.MAPPER.valueToTree(plan.get(i).args()))) {
                problems.add(new FieldProblem("/plan/" + i + "/args" + violation.substring(0, violation.indexOf(": ")).replaceFirst("^/$", ""),
                        violation.substring(violation.indexOf(": ") + 2), "give " + tool.name() + " the arguments its args-schema asks for"));
            }
        }
        return problems.isEmpty() ? new Result(plan, List.of()) : new Result(List.of(), problems);
    }

    /** The step array: the answer itself, or its "steps"/"plan" field; Markdown code fences are ignored. */
    private static JsonNode steps(String answer) throws IOException {
        String text = answer == null ? "" : answer.strip();
        if (text.startsWith("```")) {
            text = text.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```\\s*$", "");
        }
        JsonNode node = Json.MAPPER.readTree(text);
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            node = node.has("steps") ? node.get("steps") : node.get("plan");
        }
        return node != null && node.isArray() ? node : null;
    }

    private static Result invalid(String field, String problem, String fix) {
        return new Result(List.of(), List.of(new FieldProblem(field, problem, fix)));
    }
}
