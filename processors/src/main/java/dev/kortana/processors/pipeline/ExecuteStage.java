package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.StepStatus;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.tools.StepArguments;
import dev.kortana.processors.tools.Tool;
import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolFailure;
import dev.kortana.processors.tools.ToolResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool invocation: lists the steps not yet completed (a resumed task skips finished ones) and runs one step at a
 * time, checkpointing each. A {@link ToolFailure} fails the step and the task; any other exception is left to the
 * route's redelivery policy.
 */
public class ExecuteStage {

    private final Map<String, Tool> tools;
    private final CheckpointStore checkpoints;

    public ExecuteStage(List<Tool> tools, CheckpointStore checkpoints) {
        Map<String, Tool> byName = new HashMap<>();
        tools.forEach(t -> byName.put(t.name(), t));
        this.tools = Map.copyOf(byName);
        this.checkpoints = checkpoints;
    }

    public List<StepWork> pendingSteps(TaskRun run) {
        AgentContext context = run.context();
        if (context.status() != TaskStatus.EXECUTING) {
            checkpoints.transition(run.taskId(), TaskStatus.EXECUTING, Map.of("steps", context.plan().size()));
            run.update(c -> c.withStatus(TaskStatus.EXECUTING));
        }
        // A step that failed before a restart stays failed: the task ends as it would have without the restart.
        for (StepResult step : context.steps()) {
            if (!step.completed()) {
                throw new PermanentFailure(TaskStatus.FAILED, "step " + step.index() + " (" + step.tool() + ") failed: " + step.error());
            }
        }
        List<StepWork> pending = new ArrayList<>();
        for (int i = 0; i < context.plan().size(); i++) {
            if (!context.isStepCompleted(i)) {
                pending.add(new StepWork(run, i, context.plan().get(i)));
            }
        }
        return pending;
    }

    public void runStep(StepWork work) throws Exception {
        TaskRun run = work.run();
        AgentContext context = run.context();
        String tool = work.step().tool();
        if (context.task().constraints().deadline() != null && Instant.now().isAfter(context.task().constraints().deadline())) {
            throw new PermanentFailure(TaskStatus.FAILED, "deadline " + context.task().constraints().deadline()
                    + " passed before step " + work.index() + " (" + tool + ") could run");
        }
        checkpoints.event(run.taskId(), "step", "STEP_STARTED", TaskStatus.EXECUTING,
                Map.of("step", work.index(), "tool", tool));
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        ToolResult result;
        try {
            Tool implementation = tools.get(tool);
            if (implementation == null) {
                throw new ToolFailure("tool '" + tool + "' has no implementation on this worker");
            }
            Map<String, Object> args = StepArguments.resolve(work.step().args(), context, work.index());
            result = implementation.invoke(new ToolCall(run.taskId(), context.task().tenant(), work.index(), args,
                    context.task().constraints()));
        } catch (ToolFailure e) {
            StepResult failed = new StepResult(work.index(), tool, StepStatus.FAILED, null, e.getMessage(), started, elapsedMs(t0));
            checkpoints.saveStep(run.taskId(), TaskStatus.EXECUTING, failed);
            run.update(c -> c.withStep(failed));
            throw new PermanentFailure(TaskStatus.FAILED, "step " + work.index() + " (" + tool + ") failed: " + e.getMessage());
        }
        StepResult done = new StepResult(work.index(), tool, StepStatus.COMPLETED,
                result.output() == null ? Json.MAPPER.nullNode() : result.output(), null, started, elapsedMs(t0));
        checkpoints.saveStep(run.taskId(), TaskStatus.EXECUTING, done);
        run.update(c -> c.withStep(done).withUsage(c.usage().plus(result.usage())));
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
