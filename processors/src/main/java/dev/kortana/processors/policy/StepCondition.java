package dev.kortana.processors.policy;

import dev.kortana.contracts.TaskConstraints;
import java.util.List;

/**
 * {@code when.step}: what is being decided. A plan step has purpose {@code step}; a model call has its request's
 * purpose ({@code plan}, {@code tool}, {@code reflect}, {@code summarize}). {@code index-at-least} holds for plan
 * steps only.
 */
final class StepCondition implements Condition {

    static final List<String> FIELDS = List.of("purpose", "index-at-least");
    static final List<String> PURPOSES = List.of("step", "plan", "tool", "reflect", "summarize");
    static final String STEP = "step";

    private final String[] purposes;
    private final int indexAtLeast;

    private StepCondition(String[] purposes, int indexAtLeast) {
        this.purposes = purposes;
        this.indexAtLeast = indexAtLeast;
    }

    /** Reads {@code when.step}; null when it holds nothing usable (the problems are reported). */
    static StepCondition read(MappingReader step) {
        step.allowOnly(FIELDS);
        List<String> purposes = step.texts("purpose", "step, plan");
        if (purposes != null) {
            for (String p : purposes) {
                if (!PURPOSES.contains(p)) {
                    step.report("purpose", "'" + p + "' is not a purpose", "use any of " + String.join(", ", PURPOSES)
                            + " (step = a plan step; the others are model calls)");
                    purposes = null;
                    break;
                }
            }
        }
        Integer index = step.count("index-at-least");
        if (purposes == null && index == null) {
            return null;
        }
        return new StepCondition(purposes == null ? null : purposes.toArray(String[]::new), index == null ? -1 : index);
    }

    @Override
    public boolean matchesStep(StepFacts f, TaskConstraints task) {
        return (purposes == null || Words.oneOf(STEP, purposes)) && f.stepIndex() >= indexAtLeast;
    }

    @Override
    public boolean matchesModel(ModelFacts f, TaskConstraints task) {
        return indexAtLeast < 0 && (purposes == null || Words.oneOf(f.purpose(), purposes));
    }

    @Override
    public boolean appliesToSteps() {
        return purposes == null || Words.oneOf(STEP, purposes);
    }

    @Override
    public boolean appliesToModels() {
        return indexAtLeast < 0 && (purposes == null || purposes.length > (Words.oneOf(STEP, purposes) ? 1 : 0));
    }
}
