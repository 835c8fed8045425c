package dev.kortana.routes;

import dev.kortana.processors.pipeline.TaskFinisher;
import dev.kortana.processors.pipeline.TaskRun;
import dev.kortana.processors.store.DeadLetterStore;
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

    /** A failure retries cannot fix (policy denial, bad step, validation): the outcome says why. */
    public void recordFailure(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        TaskRun run = run(exchange);
        LOG.warn("Task {} ends: {}", run.taskId(), cause.getMessage());
        finisher.recordFailure(run, cause);
    }

    /** Retries ran out: keep the task and the exception in dead_letters, then end the task as FAILED. */
    public void recordDeadLetter(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String taskId = exchange.getProperty(Headers.TASK_ID, String.class);
        String route = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        int attempts = exchange.getProperty(Headers.ATTEMPTS, 1, Integer.class);
        long id = deadLetters.record(taskId, route, cause, attempts);
        LOG.error("Task {} dead-lettered as #{} after {} attempts in route {}: {}", taskId, id, attempts, route, cause.toString());
        finisher.recordFailure(run(exchange), cause);
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
