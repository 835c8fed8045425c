package dev.kortana.processors.policy;

import dev.kortana.contracts.PolicyDecision;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PolicyBook} decided about one step or one model call.
 *
 * <p>{@code decision.effect()} is DENY or ESCALATE when a rule (or the task's own approval request) said so; REWRITE
 * when the call may go ahead after {@link #rewrite} is applied; ALLOW when it may go ahead unchanged. A DENY or an
 * ESCALATE still carries the rewrites gathered before it: an approval is of the rewritten step.
 *
 * @param decision    the effect, the deciding rule's id and its reason
 * @param rewrite     every matching REWRITE rule merged in rule order; {@link Rewrite#NONE} when none matched
 * @param approval    how the human approval works; non-null exactly when the effect is ESCALATE
 * @param rewrittenBy ids of the REWRITE rules merged into {@code rewrite}, in rule order
 */
public record Verdict(PolicyDecision decision, Rewrite rewrite, ApprovalTerms approval, List<String> rewrittenBy) {

    public Verdict {
        Objects.requireNonNull(decision, "decision");
        rewrite = rewrite == null ? Rewrite.NONE : rewrite;
        rewrittenBy = rewrittenBy == null ? List.of() : List.copyOf(rewrittenBy);
        if ((decision.effect() == PolicyDecision.Effect.ESCALATE) != (approval != null)) {
            throw new IllegalArgumentException("approval terms are given exactly when the effect is ESCALATE");
        }
    }

    public PolicyDecision.Effect effect() {
        return decision.effect();
    }

    public boolean denies() {
        return decision.denies();
    }

    public boolean escalates() {
        return decision.effect() == PolicyDecision.Effect.ESCALATE;
    }
}
