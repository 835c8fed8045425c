package dev.kortana.processors.policy;

import dev.kortana.contracts.TaskConstraints;
import java.math.BigDecimal;

/**
 * {@code when.cost}: a model call's cost estimate (its worst case: the prompt's byte count plus the model's
 * max-output-tokens, at its prices) is above a threshold. A plan step has no price, so the condition applies to model
 * calls only, and the loader refuses it beside {@code when.tool} or with ESCALATE.
 */
final class CostCondition implements Condition {

    private final BigDecimal above;

    CostCondition(BigDecimal above) {
        this.above = above;
    }

    @Override
    public boolean appliesToSteps() {
        return false;
    }

    @Override
    public boolean matchesStep(StepFacts f, TaskConstraints task) {
        return isAbove(f.costEstimateUsd());
    }

    @Override
    public boolean matchesModel(ModelFacts f, TaskConstraints task) {
        return isAbove(f.costEstimateUsd());
    }

    private boolean isAbove(BigDecimal estimate) {
        return estimate != null && estimate.compareTo(above) > 0;
    }
}
