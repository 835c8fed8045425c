package dev.kortana.processors.policy;

import dev.kortana.contracts.TaskConstraints;
import java.math.BigDecimal;

/** {@code when.cost}: the step's or call's cost estimate is above a threshold; an unknown estimate never matches. */
final class CostCondition implements Condition {

    private final BigDecimal above;

    CostCondition(BigDecimal above) {
        this.above = above;
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
