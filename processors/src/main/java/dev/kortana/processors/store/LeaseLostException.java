package dev.kortana.processors.store;

/** This node no longer holds the task's lease (it expired and another worker claimed it); stop touching the task. */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String taskId, String node) {
        super("task " + taskId + " is no longer leased to " + node);
    }
}
