package dev.kortana.processors.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds steps of an explicit plan that depend on, or use the output of, a step that does not run before them. */
final class PlanReferences {

    private static final Pattern STEP_REFERENCE = Pattern.compile("\\{\\{\\s*steps\\.(\\d{1,9})\\.output\\s*}}");

    private PlanReferences() {}

    /** An explicit plan runs in order: a step can only use, or depend on, the steps before it. */
    static List<FieldProblem> forwardReferences(JsonNode plan) {
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            JsonNode step = plan.get(i);
            for (int d = 0; d < step.path("dependsOn").size(); d++) {
                int target = step.path("dependsOn").get(d).asInt();
                if (target >= i) {
                    problems.add(new FieldProblem("/plan/" + i + "/dependsOn/" + d, "step " + i + " depends on step " + target
                            + ", which does not run before it", "depend only on earlier steps (0 to " + (i - 1) + ")"));
                }
            }
            int index = i;
            step.path("args").fields().forEachRemaining(arg -> {
                Matcher m = STEP_REFERENCE.matcher(arg.getValue().isTextual() ? arg.getValue().asText() : "");
                while (m.find()) {
                    if (Long.parseLong(m.group(1)) >= index) {
                        problems.add(new FieldProblem("/plan/" + index + "/args/" + arg.getKey(), "refers to the output of step "
                                + m.group(1) + ", which does not run before step " + index,
                                "refer only to earlier steps with {{steps.N.output}}, N from 0 to " + (index - 1)));
                    }
                }
            });
        }
        return problems;
    }
}
