package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.store.CheckpointStore;
import java.time.Instant;

/** Ends tasks: records the outcome of a failure, and closes a task once its outcome is published. */
public class TaskFinisher {

    private final CheckpointStore checkpoints;
    private final InFlightTasks inFlight;

    public TaskFinisher(CheckpointStore checkpoints, InFlightTasks inFlight) {
        this.checkpoints = checkpoints;
        this.inFlight = inFlight;
    }

    /** Records a FAILED or REJECTED outcome for {@code run} with the failure as its reason. */
    public void recordFailure(TaskRun run, Throwable failure) {
        TaskStatus status = failure instanceof PermanentFailure pf ? pf.status() : TaskStatus.FAILED;
        String reason = failure instanceof PermanentFailure
                ? failure.getMessage()
                : "gave up after retries: " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        AgentContext context = run.context();
        AgentOutcome outcome = new AgentOutcome(run.taskId(), status, context.task().goal(), null, reason,
                context.steps(), null, context.usage(), 0, Instant.now());
        checkpoints.saveOutcome(run.taskId(), outcome);
        run.update(c -> c.withOutcome(outcome));
    }

    /** Loads a task for failure handling when the failure struck before the pipeline had loaded it. */
    public TaskRun load(String taskId) {
        return checkpoints.load(taskId).map(TaskRun::new)
                .orElseThrow(() -> new IllegalStateException("task " + taskId + " does not exist"));
    }

    /** Moves the task to its outcome's terminal status and releases its lease. */
    public void finish(TaskRun run) {
        checkpoints.finish(run.taskId(), run.context().outcome());
    }

    /** Lets go of the task on this worker, whatever happened to it. */
    public void release(String taskId) {
        if (taskId != null) {
            inFlight.release(taskId);
        }
    }
}
