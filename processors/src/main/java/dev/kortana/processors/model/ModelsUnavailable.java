package dev.kortana.processors.model;

/**
 * Every eligible model was tried and none answered. Transient: the pipeline retries the stage and, when retries run
 * out, the task goes to the dead-letter channel with this message, which names each model and why it failed.
 */
public class ModelsUnavailable extends RuntimeException {

    public ModelsUnavailable(String message) {
        super(message);
    }
}
