package dev.kortana.processors.policy;

/**
 * One compiled part of a rule's {@code when}. Built once when policies.yaml is loaded; a test must not allocate,
 * parse or look anything up by name, since it runs for every step and every candidate model.
 */
interface Condition {

    boolean matchesStep(StepFacts f);

    boolean matchesModel(ModelFacts f);

    /** False when the condition can never hold for a plan step (a {@code model} condition). */
    default boolean appliesToSteps() {
        return true;
    }

    /** False when the condition can never hold for a model call (a {@code tool} condition). */
    default boolean appliesToModels() {
        return true;
    }
}
