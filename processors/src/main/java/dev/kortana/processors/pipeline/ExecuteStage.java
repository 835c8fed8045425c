package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.StepStatus;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.tools.ReconciliationNeeded;
import dev.kortana.processors.tools.StepArguments;
import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolFailure;
import dev.kortana.processors.tools.ToolInvocation;
import dev.kortana.processors.tools.ToolInvoker;
import dev.kortana.processors.tools.ToolLookup;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.processors.policy.RateLimited;
import dev.kortana.processors.store.StoreException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tool invocation. The route asks for the steps that can run now ({@link #readySteps}), runs them in parallel, and
 * asks again until none is left; a resumed task skips completed steps. Each step is checkpointed. A
 * {@link ToolFailure} fails the step and the task; other exceptions are left to the route's error policy.
 */
public class ExecuteStage {

    private static final Logger LOG = LoggerFactory.getLogger(ExecuteStage.class);

    private final ToolLookup tools;
    private final ToolInvoker invoker;
    private final CheckpointStore checkpoints;
    private final ExecutionCaps caps;
    private final AuditTrail audit;
    private final StepMetrics metrics;

    public ExecuteStage(ToolLookup tools, ToolInvoker invoker, CheckpointStore checkpoints, ExecutionCaps caps) {
        this(tools, invoker, checkpoints, caps, AuditTrail.NONE, StepMetrics.NONE);
    }

    public ExecuteStage(ToolLookup tools, ToolInvoker invoker, CheckpointStore checkpoints, ExecutionCaps caps, AuditTrail audit,
            StepMetrics metrics) {
        this.audit = audit;
        this.metrics = metrics;
        this.tools = tools;
        this.invoker = invoker;
        this.checkpoints = checkpoints;
        this.caps = caps;
    }

    /** Enters EXECUTING, after checking the plan against the caps and what happened before a restart. */
    public void begin(TaskRun run) {
        AgentContext context = run.context();
        if (context.plan().size() > caps.maxSteps()) {
            throw new PermanentFailure(TaskStatus.REJECTED, "the plan has " + context.plan().size()
                    + " steps; the cap kortana.caps.max-steps is " + caps.maxSteps());
        }
        // A step that failed before a restart stays failed: the task ends as it would have without the restart.
        for (StepResult step : context.steps()) {
            if (!step.completed()) {
                throw new PermanentFailure(TaskStatus.FAILED, "step " + step.index() + " (" + step.tool() + ") failed: " + step.error());
            }
        }
        if (context.status() != TaskStatus.EXECUTING) {
            Map<String, Object> detail = Map.of("steps", context.plan().size());
            if (StepOrder.ready(context).size() == 1) {
                // The first step's start writes next: the transition goes into that transaction.
                checkpoints.transitionWithNextWrite(run.taskId(), TaskStatus.EXECUTING, detail);
            } else {
                // Steps that start side by side write at once, each on its thread: the transition must come first.
                checkpoints.transition(run.taskId(), TaskStatus.EXECUTING, detail);
            }
            run.update(c -> c.withStatus(TaskStatus.EXECUTING));
        }
    }

    public boolean hasPendingSteps(TaskRun run) {
        AgentContext context = run.context();
        if (run.stopped()) {
            return false; // a step failed and the task ended, or it waits: nothing more may start
        }
        for (int i = 0; i < context.plan().size(); i++) {
            if (!context.isStepCompleted(i)) {
                return true;
            }
        }
        return false;
    }

    /** The pending steps whose dependencies have all completed; they may run at the same time. */
    public List<StepWork> readySteps(TaskRun run) {
        AgentContext context = run.context();
        List<StepWork> ready = StepOrder.ready(context).stream()
                .map(i -> new StepWork(run, i, context.plan().get(i)))
                .toList();
        if (ready.isEmpty() && hasPendingSteps(run)) {
            throw new PermanentFailure(TaskStatus.FAILED, "no pending step can run: their dependencies never complete");
        }
        return ready;
    }

    public void runStep(StepWork work) throws Exception {
        TaskRun run = work.run();
        AgentContext context = run.context();
        String tool = work.step().tool();
        checkCaps(run, work.index(), tool);
        checkpoints.event(run.taskId(), "step", "STEP_STARTED", TaskStatus.EXECUTING, Map.of("step", work.index(), "tool", tool));
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        ToolInvocation invocation;
        try {
            ToolSpec spec = tools.find(tool).orElseThrow(() -> new ToolFailure("tool '" + tool
                    + "' is not registered; registered tools: " + tools.names()));
            Map<String, Object> args = StepArguments.resolve(work.step().args(), context, work.index());
            invocation = invoker.invoke(spec, new ToolCall(run.taskId(), context.task().tenant(), work.index(), args,
                    context.task().constraints()));
        } catch (ToolFailure e) {
            count(run, tool, false, elapsedMs(t0), BigDecimal.ZERO, "ToolFailure");
            StepResult failed = new StepResult(work.index(), tool, StepStatus.FAILED, null, e.getMessage(), started, elapsedMs(t0));
            checkpoints.saveStep(run.taskId(), TaskStatus.EXECUTING, failed);
            run.update(c -> c.withStep(failed));
            auditCall(run, failed, 0, false);
            throw new PermanentFailure(TaskStatus.FAILED, "step " + work.index() + " (" + tool + ") failed: " + e.getMessage());
        } catch (ReconciliationNeeded e) {
            // The call may have taken effect and nothing could find out: the task parks for a person after this round.
            count(run, tool, false, elapsedMs(t0), BigDecimal.ZERO, "ReconciliationNeeded");
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("step", work.index());
            detail.put("tool", tool);
            detail.put("reason", e.getMessage());
            checkpoints.event(run.taskId(), "step", "RECONCILIATION_NEEDED", TaskStatus.EXECUTING, detail);
            run.awaitReconciliation(work.index(), e.getMessage());
            return;
        } catch (Exception e) {
            if (theToolsFault(e)) {
                count(run, tool, false, elapsedMs(t0), BigDecimal.ZERO, e.getClass().getSimpleName());
            }
            throw e;
        }
        run.countToolCalls(Math.max(0, invocation.attempts() - 1));
        if (invocation.reused() || invocation.attempts() > 1) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("step", work.index());
            detail.put("tool", tool);
            detail.put("attempts", invocation.attempts());
            checkpoints.event(run.taskId(), "step", invocation.reused() ? "TOOL_CALL_REUSED" : "TOOL_CALL_RETRIED",
                    TaskStatus.EXECUTING, detail);
        }
        var result = invocation.result();
        StepResult done = new StepResult(work.index(), tool, StepStatus.COMPLETED,
                result.output() == null ? Json.MAPPER.nullNode() : result.output(), null, started, elapsedMs(t0));
        checkpoints.saveStep(run.taskId(), TaskStatus.EXECUTING, done);
        run.update(c -> c.withStep(done).withUsage(c.usage().plus(result.usage())));
        if (!invocation.reused()) {
            count(run, tool, true, done.durationMs(), result.usage().costUsd(), null);
        }
        auditCall(run, done, invocation.attempts(), invocation.reused());
    }

    /**
     * The audit entry of a tool call: what ran and how it ended; never its arguments, output or error text, which may
     * quote secrets (the step's checkpoint keeps the error).
     */
    private void auditCall(TaskRun run, StepResult step, int attempts, boolean reused) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("step", step.index());
        detail.put("tool", step.tool());
        detail.put("status", step.status().name());
        detail.put("attempts", attempts);
        detail.put("reused", reused);
        detail.put("durationMs", step.durationMs());
        audit.record("tool-call", run.taskId(), "executor", detail);
    }

    private void checkCaps(TaskRun run, int index, String tool) {
        var deadline = run.context().task().constraints().deadline();
        if (deadline != null && Instant.now().isAfter(deadline)) {
            throw new PermanentFailure(TaskStatus.FAILED, "deadline " + deadline + " passed before step " + index + " (" + tool + ") could run");
        }
        if (run.runningFor().compareTo(caps.maxRunTime()) > 0) {
            throw new PermanentFailure(TaskStatus.FAILED, "the task ran for " + run.runningFor().toSeconds() + " s before step "
                    + index + "; the cap kortana.caps.max-run-ms is " + caps.maxRunTime().toMillis() + " ms");
        }
        // Checked and counted in one step, so steps running in parallel cannot pass the cap together.
        if (!run.reserveToolCall(caps.maxToolCalls())) {
            throw new PermanentFailure(TaskStatus.FAILED, "the task made " + run.toolCalls() + " tool calls before step " + index
                    + "; the cap kortana.caps.max-tool-calls is " + caps.maxToolCalls());
        }
    }

    /** Counts a call for the tool's metrics: a failure to count is logged, never the step's failure. */
    private void count(TaskRun run, String tool, boolean completed, long durationMs, BigDecimal cost, String errorClass) {
        try {
            metrics.record(run.context().task().tenant(), tool, completed, durationMs, cost, errorClass);
        } catch (RuntimeException e) {
            LOG.warn("Step of task {} with tool {} is not counted in the tool metrics: {}", run.taskId(), tool, e.toString());
        }
    }

    /** Failures that are the tool's, not the store's or a rate limit's: counted against the tool. */
    private static boolean theToolsFault(Exception e) {
        return !(e instanceof StoreException) && !(e instanceof RateLimited) && !(e instanceof PermanentFailure);
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
