package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentContext;
import java.util.function.UnaryOperator;

/**
 * The one mutable thing in the pipeline: the current {@link AgentContext} of a running task. A task runs on one
 * thread at a time; the split over its steps shares this holder so each step sees the ones before it.
 */
public final class TaskRun {

    private volatile AgentContext context;

    public TaskRun(AgentContext context) {
        this.context = context;
    }

    public AgentContext context() {
        return context;
    }

    public String taskId() {
        return context.taskId();
    }

    public void update(UnaryOperator<AgentContext> change) {
        context = change.apply(context);
    }

    /** Whether an outcome was recorded before (a resumed task then only needs publishing). */
    public boolean hasOutcome() {
        return context.outcome() != null;
    }

    @Override
    public String toString() {
        return "TaskRun[" + context.taskId() + " " + context.status() + "]";
    }
}
