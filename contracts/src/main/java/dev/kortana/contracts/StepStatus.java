package dev.kortana.contracts;

/** How a step ended. */
public enum StepStatus {
    COMPLETED,
    FAILED
}
