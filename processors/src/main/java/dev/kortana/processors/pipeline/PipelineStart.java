package dev.kortana.processors.pipeline;

import dev.kortana.processors.store.CheckpointStore;

/** Starts or resumes a task: takes its lease and loads every checkpoint written so far. */
public class PipelineStart {

    private final Leases leases;
    private final CheckpointStore checkpoints;

    public PipelineStart(Leases leases, CheckpointStore checkpoints) {
        this.leases = leases;
        this.checkpoints = checkpoints;
    }

    /** The task to run, or null when it is finished or another worker holds it. */
    public TaskRun begin(String taskId) {
        return checkpoints.claimAndLoad(taskId, leases.duration()).map(c -> new TaskRun(c.context(), c.unstarted()))
                .orElse(null);
    }
}
