package dev.kortana.processors.prompts;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One version of a prompt template and what it did. Only {@link #CANARY} and {@link #ACTIVE} versions are ever sent to
 * a model, and a version reaches either only by a person's approval (or as the shipped version 1).
 *
 * @param status      proposed (waiting for a decision), canary (approved for {@code canaryShare} of the tasks), active,
 *                    retired (was active or canary; a rollback may bring back the one a version replaced) or rejected
 * @param source      release (shipped), rule (failure patterns), model or person
 * @param proposedBy  the rule id or the API key id that proposed it
 * @param basedOn     the version whose text this one amends, or null
 * @param replaces    the version that was active when this one became active: what a rollback restores
 */
public record PromptVersion(String name, int version, String text, String status, Double canaryShare, String source,
        String proposedBy, String reason, Integer basedOn, Integer replaces, String decidedBy, String decisionComment,
        Instant proposedAt, Instant decidedAt, Instant activatedAt, Instant retiredAt, Stats stats) {

    public static final String PROPOSED = "proposed";
    public static final String CANARY = "canary";
    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";
    public static final String REJECTED = "rejected";

    /**
     * Outcomes of the tasks that used the version, counted when each task ends.
     *
     * @param validationFailures tasks in which the answer to this prompt failed validation (an invalid plan, a result
     *                           that failed the validate stage); such a task may still have completed
     * @param costUsd            the model cost of those tasks, in total
     * @param latencyMs          their time from acceptance to outcome, in total
     * @param recent             their last outcomes, oldest first: S success, V validation failure, F failure, O other
     */
    public record Stats(long uses, long successes, long validationFailures, long failures, BigDecimal costUsd,
            long latencyMs, String recent) {

        public static final Stats NONE = new Stats(0, 0, 0, 0, BigDecimal.ZERO, 0, "");
    }

    public boolean is(String wanted) {
        return wanted.equals(status);
    }

    /** This version's id in the approvals API, e.g. {@code prompt-plan@2}; no task id has an {@code @}. */
    public String approvalId() {
        return PromptApprovalIds.of(name, version);
    }
}
