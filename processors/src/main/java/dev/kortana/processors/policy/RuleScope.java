package dev.kortana.processors.policy;

import dev.kortana.contracts.PolicyDecision.Effect;

/**
 * Refuses rules that could never match, or whose effect cannot apply to what they match: a decision is about a plan
 * step or about a model call, never both, and ESCALATE (a person approving) exists for plan steps only.
 */
final class RuleScope {

    private RuleScope() {}

    static void check(Rule rule, MappingReader source) {
        MappingReader when = source.mapping("when");
        boolean toolCondition = when != null && when.has("tool");
        boolean modelCondition = when != null && when.has("model");
        boolean costCondition = when != null && when.has("cost");
        if (costCondition && toolCondition) {
            source.report("when.cost", "applies to model calls (their worst-case price), and when.tool to plan steps, so"
                    + " they never hold together", "split it: a rule with when.tool for the step, one with when.cost for"
                    + " the model calls");
        } else if (costCondition && rule.effect == Effect.ESCALATE) {
            source.report("when.cost", "applies to model calls only (a plan step has no price), and ESCALATE to plan steps",
                    "use DENY for costly model calls, or match the step's tool to escalate it");
        } else if (costCondition && rule.effect == Effect.REWRITE) {
            // Rewrites are decided once per call before a model is chosen, when no price is known yet.
            source.report("when.cost", "cannot select a REWRITE: rewrites are decided before a model, and so a price, is"
                    + " known", "use DENY for costly model calls, or a REWRITE with max-cost-usd and no cost condition");
        } else if (toolCondition && modelCondition) {
            source.report("when", "has both tool and model, which never hold together (a decision is about a plan"
                    + " step or about a model call)", "split it into one rule with when.tool and one with when.model");
        } else if (rule.effect == Effect.ESCALATE && modelCondition) {
            source.report("effect", "ESCALATE cannot apply to when.model: a person approves plan steps, not model"
                    + " choices", "a model choice can be allowed, denied or rewritten: use DENY, or REWRITE with"
                    + " rewrite.require-compliance");
        } else if (rule.effect == Effect.ESCALATE && !rule.forSteps) {
            source.report("when.step.purpose", "names only model calls, and ESCALATE applies to plan steps only",
                    "add step to the purposes, or use DENY or REWRITE for model calls");
        } else if (rule.effect == Effect.REWRITE && modelCondition && !rule.stepRewrite.args().isEmpty()) {
            source.report("rewrite.args", "sets step arguments, and a rule with when.model decides only model calls",
                    "move args to a rule without when.model");
        } else if (rule.effect == Effect.REWRITE && !rule.forModels
                && !rule.modelRewrite.requireCompliance().isEmpty()) {
            source.report("rewrite.require-compliance", "applies to model calls, and this rule decides only plan"
                    + " steps (it has when.tool, when.task.goal-contains or when.step.index-at-least, or purpose"
                    + " step only)", "move require-compliance to a rule that matches model calls");
        } else if (!rule.forSteps && !rule.forModels) {
            source.report("when", "can never match: its conditions and effect fit neither a plan step nor a model"
                    + " call", "check when.step.purpose and the effect against the conditions");
        }
    }
}
