package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.PromptStatistics;
import dev.kortana.processors.store.WriteBehind;
import java.util.LinkedHashMap;
import java.time.Instant;
import java.util.Map;

/** Ends tasks: records the outcome of a failure, and closes a task once its outcome is published. */
public class TaskFinisher {

    private final CheckpointStore checkpoints;
    private final InFlightTasks inFlight;
    private final AuditTrail audit;
    private final MemoryStage memory;
    private final PromptStatistics prompts;
    private final EpisodeRecorder episodes;
    private final WriteBehind behind;

    /** @param behind where the task's telemetry waits; flushed before the task is seen ended */
    public TaskFinisher(CheckpointStore checkpoints, InFlightTasks inFlight, AuditTrail audit, MemoryStage memory,
            PromptStatistics prompts, EpisodeRecorder episodes, WriteBehind behind) {
        this.checkpoints = checkpoints;
        this.behind = behind;
        this.prompts = prompts;
        this.inFlight = inFlight;
        this.audit = audit;
        this.memory = memory;
        this.episodes = episodes;
    }

    /**
     * Records a FAILED or REJECTED outcome for {@code run}, with {@code reason}. An outcome recorded before (the
     * failure struck while publishing it) is kept: the work was done, only its delivery failed.
     */
    public void recordFailure(TaskRun run, TaskStatus status, String reason) {
        if (run.hasOutcome()) {
            return;
        }
        AgentContext context = run.context();
        AgentOutcome outcome = checkpoints.saveOutcome(run.taskId(), new AgentOutcome(run.taskId(), status,
                context.task().goal(), null, reason, context.steps(), null, context.usage(), 0, Instant.now()));
        run.update(c -> c.withOutcome(outcome));
        if (status == TaskStatus.FAILED) {
            memory.failed(run);
        }
    }

    /** Loads a task for failure handling when the failure struck before the pipeline had loaded it. */
    public TaskRun load(String taskId) {
        return checkpoints.load(taskId).map(TaskRun::new)
                .orElseThrow(() -> new IllegalStateException("task " + taskId + " does not exist"));
    }

    /**
     * Moves the task to its outcome's terminal status and releases its lease, after counting the outcome for the prompt
     * versions the task used (once: a second finish of the same task finds nothing left to count).
     */
    public void finish(TaskRun run) {
        AgentOutcome outcome = run.context().outcome();
        prompts.settle(run.taskId(), outcome.status(), outcome.reason(), outcome.usage().costUsd());
        behind.flush(); // whoever sees the task ended sees its statistics too
        checkpoints.finish(run.taskId(), outcome);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", outcome.status().name());
        detail.put("steps", outcome.steps().size());
        detail.put("costUsd", outcome.usage().costUsd().toPlainString());
        if (outcome.reason() != null) {
            detail.put("reason", headline(outcome.reason()));
        }
        audit.append("outcome", run.taskId(), "pipeline", detail);
        // Learning comes last: the outcome is durable and audited whatever recording the episode costs or meets.
        episodes.record(run.context(), outcome);
    }

    /**
     * The part of a reason before its first ": ", e.g. "step 0 (orders.place) failed": what ended the task, without the
     * tool's error text, which can quote URLs, response bodies or arguments and must not be written into the audit log.
     */
    static String headline(String reason) {
        int colon = reason.indexOf(": ");
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /** Ends a task whose outcome could not be published after every retry; the outcome stays readable over HTTP. */
    public void finishUndelivered(TaskRun run, String reason) {
        checkpoints.event(run.taskId(), "error", "OUTCOME_UNDELIVERED", run.context().status(), Map.of("reason", reason));
        finish(run);
    }

    /** Lets go of the task on this worker, whatever happened to it. */
    public void release(String taskId) {
        if (taskId != null) {
            checkpoints.writeDeferred(taskId); // events of a run that ended without another write, e.g. parked
            inFlight.release(taskId);
        }
    }
}
