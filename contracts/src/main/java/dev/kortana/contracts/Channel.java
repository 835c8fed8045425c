package dev.kortana.contracts;

/** Where a task came from; its outcome is published back there. */
public enum Channel {
    FILE,
    HTTP,
    KAFKA
}
