package dev.kortana.routes.pipeline;

import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.pipeline.PermanentFailure;
import dev.kortana.processors.pipeline.TaskFinisher;
import dev.kortana.processors.pipeline.TaskRun;
import dev.kortana.processors.store.DeadLetterStore;
import dev.kortana.processors.tools.ToolRetriesExhausted;
import dev.kortana.routes.Headers;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failed exchange into a recorded outcome, and keeps what the dead-letter channel receives. */
public class TaskFailures {

    private static final Logger LOG = LoggerFactory.getLogger(TaskFailures.class);

    private final TaskFinisher finisher;
    private final DeadLetterStore deadLetters;

    public TaskFailures(TaskFinisher finisher, DeadLetterStore deadLetters) {
        this.finisher = finisher;
        this.deadLetters = deadLetters;
    }

    /** A failure retries cannot fix (policy denial, bad step, validation, data the database refuses). */
    public void recordFailure(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        TaskRun run = run(exchange);
        LOG.warn("Task {} ends: {}", run.taskId(), cause.getMessage());
        if (cause instanceof PermanentFailure failure) {
            finisher.recordFailure(run, failure.status(), failure.getMessage());
        } else {
            finisher.recordFailure(run, TaskStatus.FAILED, "the database refused the task's data: " + cause.getMessage());
        }
    }

    /**
     * Retries ran out: keep the task and the exception in dead_letters. A task without an outcome ends FAILED and
     * that outcome is published (returns true). A task whose outcome could not be published ends as its outcome says,
     * marked OUTCOME_UNDELIVERED, without another publishing attempt (returns false).
     */
    public boolean recordDeadLetter(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String taskId = exchange.getProperty(Headers.TASK_ID, String.class);
        String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        int attempts = exchange.getProperty(Headers.ATTEMPTS, 1, Integer.class);
        Throwable toolGaveUp = find(cause, ToolRetriesExhausted.class);
        if (toolGaveUp != null) {
            attempts = Math.max(attempts, ((ToolRetriesExhausted) toolGaveUp).attempts());
        }
        String kind = toolGaveUp != null ? "tool-retries-exhausted" : "retries-exhausted";
        long id = deadLetters.record(taskId, kind, route, cause, attempts);
        LOG.error("Task {} dead-lettered as #{} ({}) after {} attempts in route {}: {}", taskId, id, kind, attempts, route, cause.toString());
        TaskRun run = run(exchange);
        String reason = toolGaveUp != null
                        ? "gave up (dead letter #" + id + "; replay it when the tool is back): " + toolGaveUp.getMessage()
                        : "gave up after " + attempts + " attempts (dead letter #" + id + "): " + cause.getClass().getSimpleName()
                                + ": " + cause.getMessage();
        if (run.hasOutcome()) {
            finisher.finishUndelivered(run, reason);
            return false;
        }
        finisher.recordFailure(run, TaskStatus.FAILED, reason);
        return true;
    }

    private static Throwable find(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private TaskRun run(Exchange exchange) {
        TaskRun run = exchange.getProperty(Headers.RUN, TaskRun.class);
        if (run == null) {
            run = finisher.load(exchange.getProperty(Headers.TASK_ID, String.class));
            exchange.setProperty(Headers.RUN, run);
        }
        return run;
    }
}
