package dev.kortana.processors.policy;

import dev.kortana.contracts.PolicyDecision;
import java.util.List;

/** Makes a {@link Verdict} of a decision and the rewrites before it; a rewrite that rules out the tool or model denies. */
final class Verdicts {

    private Verdicts() {}

    /** A step that may run or ask for approval, unless the rewrites rule out its tool. */
    static Verdict forStep(PolicyDecision d, Rewrite rewrite, ApprovalTerms approval, List<Rule> applied, StepFacts f) {
        PolicyDecision refused = applied == null ? null : RewriteCheck.forTool(rewrite, applied, f);
        return refused != null ? of(refused, rewrite, null, applied) : of(d, rewrite, approval, applied);
    }

    /** A model that may take the call, unless the rewrites rule it out. */
    static Verdict forModel(PolicyDecision d, Rewrite rewrite, List<Rule> applied, ModelFacts f) {
        PolicyDecision refused = applied == null ? null : RewriteCheck.forModel(rewrite, applied, f);
        return of(refused != null ? refused : d, rewrite, null, applied);
    }

    static Verdict of(PolicyDecision d, Rewrite rewrite, ApprovalTerms approval, List<Rule> applied) {
        if (applied == null) {
            return new Verdict(d, rewrite, approval, List.of());
        }
        String[] ids = new String[applied.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = applied.get(i).id;
        }
        return new Verdict(d, rewrite, approval, List.of(ids));
    }
}
