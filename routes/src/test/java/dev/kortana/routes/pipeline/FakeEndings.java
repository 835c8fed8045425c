package dev.kortana.routes.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.TaskSource;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.pipeline.TaskRun;
import dev.kortana.routes.Headers;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Registry;

/**
 * Stand-ins for the store-backed beans that end a task (taskFailures, taskFinisher, taskMetrics, and taskDeferrals for
 * the error configuration), bound under the names PublishRoute calls, beside the real {@link Outcomes}. Each call is
 * written to {@link #journal}; the failure stand-ins keep the contract the routes rely on (a recorded failure is an
 * outcome; a dead letter is published only when the task had no outcome yet).
 */
final class FakeEndings {

    static final String TASK_ID = "t-1";

    final List<String> journal = new CopyOnWriteArrayList<>();

    void bind(Registry registry) {
        registry.bind("taskFailures", new Failures());
        registry.bind("taskFinisher", new Finisher());
        registry.bind("taskMetrics", new Metrics());
        registry.bind("outcomes", new Outcomes());
        registry.bind("taskDeferrals", new Deferrals()); // the error configuration names it
    }

    /** Task t-1 from {@code channel} (answered under {@code replyKey}), completed with "42 in stock". */
    static TaskRun completed(Channel channel, String replyKey) {
        TaskRun run = running(channel, replyKey);
        run.update(c -> c.withOutcome(outcome(TaskStatus.COMPLETED, "42 in stock", null)));
        return run;
    }

    /** Task t-1 from {@code channel}, still without an outcome. */
    static TaskRun running(Channel channel, String replyKey) {
        AgentTask task = new AgentTask(TASK_ID, "check stock", "acme", null, null, null);
        return new TaskRun(new AgentContext(task, new TaskSource(channel, "test", replyKey), TaskStatus.EXECUTING,
                null, null, null, null, null));
    }

    private static AgentOutcome outcome(TaskStatus status, String result, String reason) {
        return new AgentOutcome(TASK_ID, status, "check stock", result, reason, null, null, null, 0, Instant.now());
    }

    public class Failures {
        public void recordFailure(Exchange exchange) {
            journal.add("taskFailures.recordFailure");
            run(exchange).update(c -> c.withOutcome(outcome(TaskStatus.FAILED, null,
                    exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage())));
        }

        public boolean recordDeadLetter(Exchange exchange) {
            journal.add("taskFailures.recordDeadLetter");
            TaskRun run = run(exchange);
            if (run.hasOutcome()) {
                return false;
            }
            run.update(c -> c.withOutcome(outcome(TaskStatus.FAILED, null, "gave up")));
            return true;
        }

        private TaskRun run(Exchange exchange) {
            return exchange.getProperty(Headers.RUN, TaskRun.class);
        }
    }

    public class Finisher {
        public void finish(TaskRun run) {
            journal.add("taskFinisher.finish " + run.context().status());
        }
    }

    public class Deferrals {
        public void defer(TaskRun run, Throwable caught) {
            journal.add("taskDeferrals.defer");
        }
    }

    public class Metrics {
        public void finished(TaskRun run) {
            journal.add("taskMetrics.finished " + run.context().status());
        }
    }
}
