package dev.kortana.processors.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * How a human approval asked for by an ESCALATE decision works.
 *
 * @param timeout    how long the approval may stay unanswered
 * @param onTimeout  what happens then: the step is rejected, or the request goes to {@code escalateTo}
 * @param escalateTo the role an unanswered request goes to; set exactly when {@code onTimeout} is ESCALATE
 * @param validFor   how long a given approval may be used before the step must run
 * @param role       the role that may approve
 */
public record ApprovalTerms(Duration timeout, OnTimeout onTimeout, String escalateTo, Duration validFor, String role) {

    /** What happens to an approval request nobody answered in time. */
    public enum OnTimeout {
        REJECT,
        ESCALATE
    }

    /** The terms used when policies.yaml sets none: 24 hours, then reject; valid for one hour; role approver. */
    public static final ApprovalTerms DEFAULTS =
            new ApprovalTerms(Duration.ofHours(24), OnTimeout.REJECT, null, Duration.ofHours(1), "approver");

    public ApprovalTerms {
        Objects.requireNonNull(onTimeout, "onTimeout");
        Objects.requireNonNull(role, "role");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("approval timeout must be positive, not " + timeout);
        }
        if (validFor == null || validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("approval valid-for must be positive, not " + validFor);
        }
        if ((onTimeout == OnTimeout.ESCALATE) != (escalateTo != null)) {
            throw new IllegalArgumentException("escalate-to is required with on-timeout: escalate, and only then");
        }
    }
}
