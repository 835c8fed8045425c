package dev.kortana.processors.tools;

/**
 * A non-idempotent call may or may not have taken effect (a crash or a lost answer mid-call), and neither a resend
 * with the same idempotency key nor the tool's reconcile check could settle it. Calling again could act twice, so the
 * task parks ({@code AWAITING_RECONCILIATION}) until a person who checked the target system says whether it happened.
 */
public class ReconciliationNeeded extends RuntimeException {

    public ReconciliationNeeded(String message) {
        super(message);
    }
}
