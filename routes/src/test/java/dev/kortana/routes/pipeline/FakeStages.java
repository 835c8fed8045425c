package dev.kortana.routes.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskSource;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.pipeline.StepWork;
import dev.kortana.processors.pipeline.TaskRun;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.camel.spi.Registry;

/**
 * Stand-ins for the pipeline's beans, bound under the names the routes call. Each call is written to {@link #journal}
 * as {@code bean.method}; a test makes a call throw with {@link #fail}, picks the rounds of ready steps, which steps
 * the gate admits, and whether the task parks.
 */
final class FakeStages {

    final List<String> journal = new CopyOnWriteArrayList<>();
    /** When each journal entry was made (System.nanoTime), to see the backoff between redeliveries. */
    final List<Long> times = new CopyOnWriteArrayList<>();
    private final Map<String, Supplier<? extends Exception>> failures = new ConcurrentHashMap<>();
    private final Deque<List<Integer>> rounds = new ArrayDeque<>();
    private final Set<Integer> refused = ConcurrentHashMap.newKeySet();
    private volatile TaskRun run = run(null);
    private volatile boolean parks;
    private volatile boolean startsNothing;

    /** Every call of {@code beanMethod} (e.g. "planStage.plan") throws what {@code failure} makes. */
    FakeStages fail(String beanMethod, Supplier<? extends Exception> failure) {
        failures.put(beanMethod, failure);
        return this;
    }

    /** Execute runs these rounds of ready steps, by index, one after the other. */
    FakeStages rounds(List<List<Integer>> indexes) {
        rounds.clear();
        rounds.addAll(indexes);
        return this;
    }

    /** The gate holds these steps back (waiting for a human). */
    FakeStages refuse(Integer... indexes) {
        refused.addAll(List.of(indexes));
        return this;
    }

    /** After execute the task is parked: it waits for a decision. */
    FakeStages parks() {
        parks = true;
        return this;
    }

    /** The task already has an outcome: it only needs publishing. */
    FakeStages withOutcome() {
        run = run(new AgentOutcome("t-1", TaskStatus.COMPLETED, "check stock", "done", null, null, null, null, 0, Instant.now()));
        return this;
    }

    /** Another worker holds the lease, or the task has ended: begin finds nothing to run. */
    FakeStages nothingToRun() {
        startsNothing = true;
        return this;
    }

    void bind(Registry registry) {
        registry.bind("pipelineStart", new PipelineStart());
        registry.bind("stepGate", new Gate());
        registry.bind("planStage", new Stage("planStage"));
        registry.bind("policyStage", new Stage("policyStage"));
        registry.bind("executeStage", new Execute());
        registry.bind("validateStage", new Stage("validateStage"));
        registry.bind("memoryStage", new Stage("memoryStage"));
        registry.bind("reflectStage", new Stage("reflectStage"));
        registry.bind("taskDeferrals", new Deferrals());
        registry.bind("taskFinisher", new Finisher());
    }

    private void call(String beanMethod) throws Exception {
        journal.add(beanMethod);
        times.add(System.nanoTime());
        Supplier<? extends Exception> failure = failures.get(beanMethod);
        if (failure != null) {
            throw failure.get();
        }
    }

    private static TaskRun run(AgentOutcome outcome) {
        AgentTask task = new AgentTask("t-1", "check stock", "acme", null, null, null);
        List<PlanStep> plan = List.of(step(), step(), step());
        return new TaskRun(new AgentContext(task, new TaskSource(Channel.HTTP, "test", null),
                outcome == null ? TaskStatus.ACCEPTED : outcome.status(), plan, null, null, null, outcome));
    }

    private static PlanStep step() {
        return new PlanStep("inventory.lookup", Map.of("sku", "A-1"), null, null);
    }

    public class PipelineStart {
        public TaskRun begin(String taskId) throws Exception {
            call("pipelineStart.begin");
            return startsNothing ? null : run;
        }
    }

    /** One of the single-call stages; the route names the method, which is what the journal records. */
    public class Stage {
        private final String bean;

        Stage(String bean) {
            this.bean = bean;
        }

        public void plan(TaskRun run) throws Exception {
            call(bean + ".plan");
        }

        public void check(TaskRun run) throws Exception {
            call(bean + ".check");
        }

        public void validate(TaskRun run) throws Exception {
            call(bean + ".validate");
        }

        public void remember(TaskRun run) throws Exception {
            call(bean + ".remember");
        }

        public void reflect(TaskRun run) throws Exception {
            call(bean + ".reflect");
        }
    }

    public class Gate {
        public void checkCancelledOnResume(TaskRun run) throws Exception {
            call("stepGate.checkCancelledOnResume");
        }

        public void checkCancelled(TaskRun run) throws Exception {
            call("stepGate.checkCancelled");
        }

        public void checkRejected(TaskRun run) throws Exception {
            call("stepGate.checkRejected");
        }

        public boolean admit(StepWork work) throws Exception {
            call("stepGate.admit " + work.index());
            return !refused.contains(work.index());
        }

        public void parkIfWaiting(TaskRun run) throws Exception {
            call("stepGate.parkIfWaiting");
        }

        public boolean proceeds(TaskRun run) throws Exception {
            call("stepGate.proceeds");
            return !parks;
        }
    }

    public class Execute {
        public void begin(TaskRun run) throws Exception {
            call("executeStage.begin");
        }

        public boolean hasPendingSteps(TaskRun run) {
            return !rounds.isEmpty();
        }

        public List<StepWork> readySteps(TaskRun run) throws Exception {
            call("executeStage.readySteps");
            return rounds.pop().stream().map(i -> new StepWork(run, i, run.context().plan().get(i))).toList();
        }

        public void runStep(StepWork work) throws Exception {
            call("executeStage.runStep " + work.index());
        }
    }

    public class Deferrals {
        public void defer(TaskRun run, Throwable caught) throws Exception {
            call("taskDeferrals.defer");
        }

        public void putAsideIfDeferred(TaskRun run) throws Exception {
            call("taskDeferrals.putAsideIfDeferred");
        }
    }

    public class Finisher {
        public void release(String taskId) throws Exception {
            call("taskFinisher.release");
        }
    }
}
