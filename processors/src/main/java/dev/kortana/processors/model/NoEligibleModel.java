package dev.kortana.processors.model;

import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.pipeline.PermanentFailure;

/**
 * No configured model may serve the call at all (capability, data residency, context window): retrying cannot help,
 * only a change to models.yaml or to the task.
 */
public class NoEligibleModel extends PermanentFailure {

    public NoEligibleModel(String detail) {
        super(TaskStatus.FAILED, detail);
    }
}
