package dev.kortana.processors.policy;

import dev.kortana.contracts.TaskConstraints;
import java.util.List;

/** {@code when.tenant}: the task's tenant is one of these (exact names). */
final class TenantCondition implements Condition {

    private final String[] tenants;

    TenantCondition(List<String> tenants) {
        this.tenants = tenants.toArray(String[]::new);
    }

    @Override
    public boolean matchesStep(StepFacts f, TaskConstraints task) {
        return isListed(f.task().tenant());
    }

    @Override
    public boolean matchesModel(ModelFacts f, TaskConstraints task) {
        return isListed(f.tenant());
    }

    private boolean isListed(String tenant) {
        for (String t : tenants) {
            if (t.equals(tenant)) {
                return true;
            }
        }
        return false;
    }
}
