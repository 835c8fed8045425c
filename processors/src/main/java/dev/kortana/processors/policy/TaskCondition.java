package dev.kortana.processors.policy;

import dev.kortana.contracts.TaskConstraints;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code when.task}: what the submitter asked for, as rewritten by the REWRITE rules matched so far (a rule below
 * {@code data-residency: eu} sees residency eu). {@code goal-contains} holds for plan steps only, since a model call
 * does not carry the goal; {@code max-cost-usd-above} holds for a task without a limit too (it may spend anything).
 */
final class TaskCondition implements Condition {

    static final List<String> FIELDS = List.of("require-approval", "data-residency", "goal-contains", "max-cost-usd-above");

    private final Boolean requireApproval;
    private final String[] residencies;
    private final String[] goalWords;
    private final BigDecimal maxCostAbove;

    private TaskCondition(Boolean requireApproval, String[] residencies, String[] goalWords, BigDecimal maxCostAbove) {
        this.requireApproval = requireApproval;
        this.residencies = residencies;
        this.goalWords = goalWords;
        this.maxCostAbove = maxCostAbove;
    }

    /** Reads {@code when.task}; null when it holds nothing usable (the problems are reported). */
    static TaskCondition read(MappingReader task) {
        task.allowOnly(FIELDS);
        Boolean approval = task.bool("require-approval");
        List<String> residencies = task.texts("data-residency", "eu");
        List<String> goalWords = task.texts("goal-contains", "invoice");
        BigDecimal above = task.amount("max-cost-usd-above", "1.00");
        if (approval == null && residencies == null && goalWords == null && above == null) {
            return null;
        }
        return new TaskCondition(approval, residencies == null ? null : Words.lowerCase(residencies),
                goalWords == null ? null : Words.lowerCase(goalWords), above);
    }

    @Override
    public boolean matchesStep(StepFacts f, TaskConstraints task) {
        return matchesConstraints(task) && (goalWords == null || Words.containsAny(f.task().goal(), goalWords));
    }

    @Override
    public boolean matchesModel(ModelFacts f, TaskConstraints task) {
        return goalWords == null && matchesConstraints(task);
    }

    @Override
    public boolean appliesToModels() {
        return goalWords == null;
    }

    private boolean matchesConstraints(TaskConstraints c) {
        return (requireApproval == null || requireApproval == c.requireApproval())
                && (residencies == null || Words.oneOf(c.dataResidency(), residencies))
                && (maxCostAbove == null || c.maxCostUsd() == null || c.maxCostUsd().compareTo(maxCostAbove) > 0);
    }
}
