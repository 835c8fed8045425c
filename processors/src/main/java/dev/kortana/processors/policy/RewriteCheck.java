package dev.kortana.processors.policy;

import dev.kortana.contracts.PolicyDecision;
import dev.kortana.contracts.PolicyDecision.Effect;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.tools.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What the REWRITE rules that matched mean for the decision: the REWRITE decision itself, and a DENY when the
 * rewritten residency or compliance rules out the step's tool or the candidate model. Runs only when a rewrite
 * matched.
 */
final class RewriteCheck {

    private RewriteCheck() {}

    static List<Rule> add(List<Rule> applied, Rule rule) {
        List<Rule> out = applied == null ? new ArrayList<>(2) : applied;
        out.add(rule);
        return out;
    }

    /** The decision for a step or call allowed after {@code applied} rewrote it ({@code by}: the ALLOW rule, or null). */
    static PolicyDecision rewritten(List<Rule> applied, Rule by, int index) {
        String ids = applied.get(0).id;
        String reasons = applied.get(0).reason;
        for (int i = 1; i < applied.size(); i++) {
            ids = ids + "," + applied.get(i).id;
            reasons = reasons + "; " + applied.get(i).reason;
        }
        return new PolicyDecision(Effect.REWRITE, ids, by == null ? reasons : reasons + "; then allowed by " + by.id
                + ": " + by.reason, index);
    }

    /** A DENY when the rewritten residency rules out the step's tool; null when the tool may run. */
    static PolicyDecision forTool(Rewrite rewrite, List<Rule> applied, StepFacts f) {
        ToolSpec tool = f.tool();
        if (rewrite.admits(tool)) {
            return null;
        }
        Rule by = lastSettingResidency(applied);
        return new PolicyDecision(Effect.DENY, by.id, "tool '" + tool.name() + "' runs in region " + tool.region()
                + ", and rule " + by.id + " keeps this task's data in " + rewrite.dataResidency() + " (" + by.reason
                + ")", f.stepIndex());
    }

    /** A DENY when the rewrite rules out the candidate model; null when the model may take the call. */
    static PolicyDecision forModel(Rewrite rewrite, List<Rule> applied, ModelFacts f) {
        ModelSpec model = f.model();
        if (model == null || rewrite.admits(model)) {
            return null;
        }
        if (!model.satisfies(rewrite.dataResidency())) {
            Rule by = lastSettingResidency(applied);
            return new PolicyDecision(Effect.DENY, by.id, "model '" + model.name() + "' (region "
                    + (model.region().isEmpty() ? "unset" : model.region()) + ", compliance " + model.compliance()
                    + ") does not satisfy data residency " + rewrite.dataResidency() + " set by rule " + by.id + " ("
                    + by.reason + ")", -1);
        }
        for (Rule r : applied) {
            List<String> missing = r.modelRewrite.requireCompliance().stream()
                    .filter(tag -> !model.compliance().contains(tag)).toList();
            if (!missing.isEmpty()) {
                return new PolicyDecision(Effect.DENY, r.id, "model '" + model.name() + "' lacks compliance " + missing
                        + ", which rule " + r.id + " requires (" + r.reason + "); choose a model tagged with it", -1);
            }
        }
        throw new IllegalStateException("a rewrite refused model " + model.name() + " without a rule to name");
    }

    private static Rule lastSettingResidency(List<Rule> applied) {
        for (int i = applied.size() - 1; i >= 0; i--) {
            if (applied.get(i).stepRewrite.dataResidency() != null) {
                return applied.get(i);
            }
        }
        throw new IllegalStateException("no rule set the data residency");
    }
}
