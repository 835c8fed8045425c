package dev.kortana.contracts;

/** Lifecycle status of a task; every change is a row in {@code task_events}. */
public enum TaskStatus {
    ACCEPTED,
    PLANNING,
    AWAITING_APPROVAL,
    /** A call's outcome is unknown and nothing could find it out: a person says whether it happened. */
    AWAITING_RECONCILIATION,
    EXECUTING,
    VALIDATING,
    REFLECTING,
    COMPLETED,
    FAILED,
    REJECTED,
    CANCELLED;

    /** A terminal task is never picked up again. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == REJECTED || this == CANCELLED;
    }
}
