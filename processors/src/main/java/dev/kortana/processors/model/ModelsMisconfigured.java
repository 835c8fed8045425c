package dev.kortana.processors.model;

import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.pipeline.PermanentFailure;

/**
 * Every model that may serve a call answered that it is configured wrongly (a rejected key, an unknown model name, a
 * parameter the provider does not take): retrying cannot help, so the task fails at once, with no dead letter, naming
 * each model and what to check.
 */
public class ModelsMisconfigured extends PermanentFailure {

    public ModelsMisconfigured(String detail) {
        super(TaskStatus.FAILED, detail);
    }
}
