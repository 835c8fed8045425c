package dev.kortana.contracts;

import java.util.Objects;

/**
 * What the policy filter decided about one planned step.
 *
 * @param effect    ALLOW, DENY, ESCALATE or REWRITE
 * @param ruleId    the rule that decided, e.g. {@code task-allowlist}
 * @param reason    a sentence a human can act on
 * @param stepIndex the step decided on
 */
public record PolicyDecision(Effect effect, String ruleId, String reason, int stepIndex) {

    public enum Effect {
        ALLOW,
        DENY,
        ESCALATE,
        REWRITE
    }

    public PolicyDecision {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(ruleId, "ruleId");
    }

    public static PolicyDecision allow(int stepIndex) {
        return new PolicyDecision(Effect.ALLOW, "default-allow", "allowed", stepIndex);
    }

    public static PolicyDecision deny(int stepIndex, String ruleId, String reason) {
        return new PolicyDecision(Effect.DENY, ruleId, reason, stepIndex);
    }

    public boolean denies() {
        return effect == Effect.DENY;
    }
}
