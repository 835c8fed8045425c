package dev.kortana.processors.pipeline;

import dev.kortana.contracts.TaskStatus;

/** A failure that retrying cannot fix; the task ends at once with {@link #status()} and the message as reason. */
public class PermanentFailure extends RuntimeException {

    private final TaskStatus status;

    public PermanentFailure(TaskStatus status, String reason) {
        super(reason);
        this.status = status;
    }

    public TaskStatus status() {
        return status;
    }
}
