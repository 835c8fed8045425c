package dev.kortana.processors.policy;

import dev.kortana.contracts.PolicyDecision.Effect;
import dev.kortana.contracts.TaskConstraints;
import java.util.List;

/**
 * One compiled rule of policies.yaml. Which decisions it can take part in is worked out once, at load: a rule with a
 * {@code model} condition never sees a plan step, and one with a {@code tool} condition, or ESCALATE, never sees a
 * model call.
 */
final class Rule {

    final int index;
    final String id;
    final Effect effect;
    final String reason;
    /** For REWRITE rules: what the rule changes in a plan step (no model compliance tags). */
    final Rewrite stepRewrite;
    /** For REWRITE rules: what the rule changes in a model call (no step arguments). */
    final Rewrite modelRewrite;
    /** For ESCALATE rules: the approval terms, the file's defaults refined by the rule's own block. */
    final ApprovalTerms approval;
    final boolean forSteps;
    final boolean forModels;
    private final Condition[] conditions;

    Rule(int index, String id, Effect effect, String reason, List<Condition> conditions, Rewrite rewrite,
            ApprovalTerms approval) {
        this.index = index;
        this.id = id;
        this.effect = effect;
        this.reason = reason;
        this.conditions = conditions.toArray(Condition[]::new);
        this.approval = approval;
        Rewrite r = rewrite == null ? Rewrite.NONE : rewrite;
        this.stepRewrite = new Rewrite(r.dataResidency(), r.maxCostUsd(), List.of(), r.args());
        this.modelRewrite = new Rewrite(r.dataResidency(), r.maxCostUsd(), r.requireCompliance(), null);
        boolean isRewrite = effect == Effect.REWRITE;
        this.forSteps = conditions.stream().allMatch(Condition::appliesToSteps)
                && !(isRewrite && stepRewrite.isEmpty());
        this.forModels = effect != Effect.ESCALATE && conditions.stream().allMatch(Condition::appliesToModels)
                && !(isRewrite && modelRewrite.isEmpty());
    }

    boolean hasCostCondition() {
        return java.util.Arrays.stream(conditions).anyMatch(CostCondition.class::isInstance);
    }

    boolean matchesStep(StepFacts f, TaskConstraints task) {
        for (Condition c : conditions) {
            if (!c.matchesStep(f, task)) {
                return false;
            }
        }
        return true;
    }

    boolean matchesModel(ModelFacts f, TaskConstraints task) {
        for (Condition c : conditions) {
            if (!c.matchesModel(f, task)) {
                return false;
            }
        }
        return true;
    }
}
