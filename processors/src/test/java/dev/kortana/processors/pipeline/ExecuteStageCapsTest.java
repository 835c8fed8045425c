package dev.kortana.processors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.StepStatus;
import dev.kortana.contracts.TaskSource;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.store.InMemoryToolCallLedger;
import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolInvoker;
import dev.kortana.processors.tools.ToolLookup;
import dev.kortana.processors.tools.ToolResult;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.processors.tools.TransientToolFailure;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExecuteStageCapsTest {

    private final RecordingCheckpointStore checkpoints = new RecordingCheckpointStore();
    private final List<ToolCall> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final ToolInvoker invoker = new ToolInvoker(this::call, new InMemoryToolCallLedger("node-a"), millis -> { });
    private final ToolLookup tools = new Tools(tool("memory.search"), tool("text.summarize"));

    @Test
    void rejectsAPlanLongerThanMaxSteps() {
        TaskRun run = run(step("memory.search"), step("memory.search"), step("text.summarize"));

        assertThatThrownBy(() -> stage(new ExecutionCaps(2, 100, Duration.ofMinutes(1))).begin(run))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.status()).isEqualTo(TaskStatus.REJECTED))
                .hasMessageContaining("3 steps")
                .hasMessageContaining("kortana.caps.max-steps is 2");
        assertThat(checkpoints.transitions).isEmpty();
    }

    @Test
    void entersExecutingWithAPlanWithinTheCap() {
        TaskRun run = run(step("memory.search"), step("text.summarize"));

        stage(new ExecutionCaps(2, 100, Duration.ofMinutes(1))).begin(run);

        assertThat(checkpoints.transitions).containsExactly(TaskStatus.EXECUTING);
        assertThat(checkpoints.deferred).as("two steps start side by side: the transition is written first").isEmpty();
        assertThat(run.context().status()).isEqualTo(TaskStatus.EXECUTING);
    }

    @Test
    void aSingleFirstStepTakesTheTransitionIntoItsStart() {
        TaskRun run = run(step("text.summarize"));

        stage(new ExecutionCaps(2, 100, Duration.ofMinutes(1))).begin(run);

        assertThat(checkpoints.deferred).containsExactly(TaskStatus.EXECUTING);
    }

    @Test
    void stopsBeforeTheStepThatWouldPassMaxToolCalls() throws Exception {
        TaskRun run = run(step("memory.search"), step("text.summarize"));
        ExecuteStage stage = stage(new ExecutionCaps(10, 1, Duration.ofMinutes(1)));
        stage.runStep(work(run, 0));

        assertThatThrownBy(() -> stage.runStep(work(run, 1)))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.status()).isEqualTo(TaskStatus.FAILED))
                .hasMessageContaining("kortana.caps.max-tool-calls is 1");
        assertThat(calls).hasSize(1);
        assertThat(checkpoints.saved).extracting(StepResult::index).containsExactly(0);
    }

    @Test
    void countsEveryTryAgainstMaxToolCalls() throws Exception {
        failuresLeft.set(1);
        TaskRun run = run(step("memory.search"), step("text.summarize"));
        ExecuteStage stage = stage(new ExecutionCaps(10, 2, Duration.ofMinutes(1)));
        stage.runStep(work(run, 0));

        assertThat(run.toolCalls()).isEqualTo(2);
        assertThat(checkpoints.events).contains("TOOL_CALL_RETRIED");
        assertThatThrownBy(() -> stage.runStep(work(run, 1))).hasMessageContaining("kortana.caps.max-tool-calls");
    }

    @Test
    void neverLetsParallelStepsTogetherPassMaxToolCalls() throws Exception {
        TaskRun run = run(step("memory.search"), step("text.summarize"));
        ExecuteStage stage = stage(new ExecutionCaps(10, 1, Duration.ofMinutes(1)));
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch secondStartedOrRefused = new CountDownLatch(1);
        checkpoints.onStepStarted = step -> {
            if (step == 0) { // step 0 has passed the caps check and waits until step 1 has had its turn
                firstStarted.countDown();
                await(secondStartedOrRefused);
            } else {
                secondStartedOrRefused.countDown();
            }
        };
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<?> first = worker.submit(() -> {
                stage.runStep(work(run, 0));
                return null;
            });
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            try {
                stage.runStep(work(run, 1));
            } catch (PermanentFailure refused) {
                assertThat(refused).hasMessageContaining("kortana.caps.max-tool-calls");
            } finally {
                secondStartedOrRefused.countDown();
            }
            first.get(10, TimeUnit.SECONDS);
        } finally {
            worker.shutdownNow();
        }

        assertThat(calls).as("tool calls made with kortana.caps.max-tool-calls 1").hasSize(1);
    }

    @Test
    void failsTheStepAndTheTaskWhenTheToolIsNotRegistered() {
        TaskRun run = run(step("shell.exec"));

        assertThatThrownBy(() -> stage(ExecutionCaps.DEFAULT).runStep(work(run, 0)))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.status()).isEqualTo(TaskStatus.FAILED))
                .hasMessageContaining("tool 'shell.exec' is not registered");
        assertThat(checkpoints.saved).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(StepStatus.FAILED);
            assertThat(s.error()).contains("is not registered").contains("memory.search");
        });
        assertThat(run.context().steps()).extracting(StepResult::status).containsExactly(StepStatus.FAILED);
        assertThat(calls).isEmpty();
    }

    @Test
    void readyStepsReturnsIndependentStepsTogetherAndTheirDependentOnceTheyComplete() throws Exception {
        TaskRun run = run(step("memory.search"), step("memory.search"),
                new PlanStep("text.summarize", Map.of("text", "{{steps.0.output}} {{steps.1.output}}"), null, null));
        ExecuteStage stage = stage(ExecutionCaps.DEFAULT);

        List<StepWork> first = stage.readySteps(run);
        assertThat(first).extracting(StepWork::index).containsExactly(0, 1);
        for (StepWork work : first) {
            stage.runStep(work);
        }

        assertThat(stage.readySteps(run)).extracting(StepWork::index).containsExactly(2);
        stage.runStep(work(run, 2));
        assertThat(stage.hasPendingSteps(run)).isFalse();
        assertThat(calls.get(2).args().get("text")).isEqualTo("found found");
    }

    @Test
    void failsWhenNoPendingStepCanEverRun() {
        TaskRun run = run(new PlanStep("memory.search", Map.of(), null, List.of(0)));

        assertThatThrownBy(() -> stage(ExecutionCaps.DEFAULT).readySteps(run))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("dependencies never complete");
    }

    private ToolResult call(ToolSpec spec, ToolCall call) {
        calls.add(call);
        if (failuresLeft.getAndDecrement() > 0) {
            throw new TransientToolFailure("503", true);
        }
        return new ToolResult(Json.MAPPER.createObjectNode().put("text", "found"), null);
    }

    private ExecuteStage stage(ExecutionCaps caps) {
        return new ExecuteStage(tools, invoker, checkpoints, caps);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static StepWork work(TaskRun run, int index) {
        return new StepWork(run, index, run.context().plan().get(index));
    }

    private static PlanStep step(String tool) {
        return new PlanStep(tool, Map.of("query", "kafka"), null, null);
    }

    private static TaskRun run(PlanStep... plan) {
        AgentTask task = new AgentTask("t-1", "find things", "acme", null, null, null);
        return new TaskRun(new AgentContext(task, new TaskSource(Channel.HTTP, "test", null), TaskStatus.PLANNING,
                Arrays.asList(plan), null, null, null, null));
    }

    private static ToolSpec tool(String name) {
        return new ToolSpec(name, "memory", "test tool", null, null, null, null, null, true);
    }

    private record Tools(ToolSpec... specs) implements ToolLookup {
        @Override
        public Optional<ToolSpec> find(String name) {
            return all().stream().filter(s -> s.name().equals(name)).findFirst();
        }

        @Override
        public List<ToolSpec> all() {
            return List.of(specs);
        }
    }
}
