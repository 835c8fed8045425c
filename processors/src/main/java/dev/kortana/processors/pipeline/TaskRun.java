package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.processors.policy.RateLimited;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The one mutable thing in the pipeline: the current {@link AgentContext} of a running task. Independent steps run
 * in parallel and each records its result here, so changes are applied one at a time.
 */
public final class TaskRun {

    private volatile AgentContext context;
    private final long startedNanos = System.nanoTime();
    private final AtomicInteger toolCalls = new AtomicInteger();
    private volatile PlanVerdicts verdicts;
    private final java.util.Set<Integer> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile RateLimited deferredBy;
    private final java.util.Map<Integer, String> reconciling = new java.util.concurrent.ConcurrentSkipListMap<>();

    private final boolean unstarted;

    public TaskRun(AgentContext context) {
        this(context, context.status() == dev.kortana.contracts.TaskStatus.ACCEPTED);
    }

    /** @param unstarted the task was ACCEPTED when this run took it (its start may have moved it to PLANNING) */
    public TaskRun(AgentContext context, boolean unstarted) {
        this.context = context;
        this.unstarted = unstarted;
    }

    /** Whether the task was ACCEPTED, waiting for its first or next run, when this run took it. */
    public boolean unstarted() {
        return unstarted;
    }

    public AgentContext context() {
        return context;
    }

    public String taskId() {
        return context.taskId();
    }

    public synchronized void update(UnaryOperator<AgentContext> change) {
        context = change.apply(context);
    }

    /** Whether an outcome was recorded before (a resumed task then only needs publishing). */
    public boolean hasOutcome() {
        return context.outcome() != null;
    }

    /** How long this run has been going (a resumed task starts a new run). */
    public Duration runningFor() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Tool calls started in this run. */
    public int toolCalls() {
        return toolCalls.get();
    }

    /** Counts one more tool call unless {@code cap} calls were started already; false when the cap is reached. */
    boolean reserveToolCall(int cap) {
        return toolCalls.getAndUpdate(n -> n < cap ? n + 1 : n) < cap;
    }

    void countToolCalls(int calls) {
        toolCalls.addAndGet(calls);
    }

    /** Marks a step as waiting for a human decision: no further step starts, and the task parks after this round. */
    public void awaitApproval(int stepIndex) {
        waiting.add(stepIndex);
    }

    /**
     * Marks a step whose call may have taken effect, with nobody able to tell: no further step starts, and the task
     * parks for a person after this round ({@code AWAITING_RECONCILIATION}).
     */
    public void awaitReconciliation(int stepIndex, String why) {
        reconciling.put(stepIndex, why);
    }

    /** The steps whose outcome a person must settle, with why, in step order. */
    public java.util.Map<Integer, String> reconciling() {
        return java.util.Collections.unmodifiableMap(reconciling);
    }

    /** A decision arrived while the task was about to park: its steps may be looked at again. */
    public void resumeWaiting() {
        waiting.clear();
        reconciling.clear();
    }

    /** The policy verdicts for the plan, set by the policy stage. */
    public PlanVerdicts verdicts() {
        return verdicts;
    }

    void verdicts(PlanVerdicts planVerdicts) {
        this.verdicts = planVerdicts;
    }

    /** Whether a step is waiting for a human decision. */
    public boolean parked() {
        return !waiting.isEmpty() || !reconciling.isEmpty();
    }

    /** The steps waiting for a human decision, in order. */
    public java.util.List<Integer> waitingSteps() {
        return waiting.stream().sorted().toList();
    }

    /** Marks the task as waiting for a rate limit's token: no further step or stage starts in this run. */
    void deferBy(RateLimited limit) {
        deferredBy = limit;
    }

    /** Whether the task waits for a rate limit's token (it is put aside when this run ends). */
    public boolean deferred() {
        return deferredBy != null;
    }

    /** Whether no new round of steps, and no later stage, may start: the task is parked, waits for a token, or halted. */
    public boolean stopped() {
        return parked() || deferred() || halted();
    }

    /** Whether no further step may start, even in this round: a step failed, and the task has ended or is ending. */
    public boolean halted() {
        return hasOutcome() || context.steps().stream().anyMatch(step -> !step.completed());
    }

    /** The rate limit the task waits for; null when it does not. */
    RateLimited deferredBy() {
        return deferredBy;
    }

    @Override
    public String toString() {
        return "TaskRun[" + context.taskId() + " " + context.status() + "]";
    }
}
