package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.PlanStep;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which steps may run now: those whose every dependency has completed. A step depends on the steps in its
 * {@code dependsOn} and on every step whose output its arguments use ({@code {{steps.N.output}}}); steps without
 * either are independent and run in parallel.
 */
final class StepOrder {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*steps\\.(\\d{1,6})\\.output\\s*}}");

    private StepOrder() {}

    /** Indexes of the pending steps that can start now, in plan order. */
    static List<Integer> ready(AgentContext context) {
        List<Integer> ready = new ArrayList<>();
        List<PlanStep> plan = context.plan();
        for (int i = 0; i < plan.size(); i++) {
            if (!context.isStepCompleted(i) && dependencies(plan.get(i)).stream().allMatch(context::isStepCompleted)) {
                ready.add(i);
            }
        }
        return ready;
    }

    static Set<Integer> dependencies(PlanStep step) {
        Set<Integer> deps = new TreeSet<>(step.dependsOn());
        collect(step.args().values(), deps);
        return deps;
    }

    private static void collect(Collection<?> values, Set<Integer> deps) {
        for (Object value : values) {
            if (value instanceof String s) {
                Matcher m = REFERENCE.matcher(s);
                while (m.find()) {
                    deps.add(Integer.parseInt(m.group(1)));
                }
            } else if (value instanceof Map<?, ?> map) {
                collect(map.values(), deps);
            } else if (value instanceof List<?> list) {
                collect(list, deps);
            }
        }
    }
}
