package dev.kortana.processors.policy;

import dev.kortana.contracts.TaskConstraints;

/**
 * One compiled part of a rule's {@code when}. Built once when policies.yaml is loaded; a test must not allocate,
 * parse or look anything up by name, since it runs for every step and every candidate model.
 */
interface Condition {

    /** {@code task}: the task's constraints as rewritten by the REWRITE rules matched before this rule. */
    boolean matchesStep(StepFacts f, TaskConstraints task);

    /** {@code task}: the call's constraints as rewritten by the REWRITE rules matched before this rule. */
    boolean matchesModel(ModelFacts f, TaskConstraints task);

    /** False when the condition can never hold for a plan step (a {@code model} condition). */
    default boolean appliesToSteps() {
        return true;
    }

    /** False when the condition can never hold for a model call (a {@code tool} condition). */
    default boolean appliesToModels() {
        return true;
    }
}
