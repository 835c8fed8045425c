package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.store.EpisodeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every task that ran a plan and ended COMPLETED or FAILED as an episode of its tenant, for later plans to
 * learn from. Rejected and cancelled tasks say nothing about whether a plan works, so they are left out. Learning is
 * never worth failing a task for: a failure to record is logged.
 */
public class EpisodeRecorder {

    public static final EpisodeRecorder NONE = new EpisodeRecorder(null);

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeRecorder.class);

    private final EpisodeStore episodes;

    public EpisodeRecorder(EpisodeStore episodes) {
        this.episodes = episodes;
    }

    public void record(AgentContext context, AgentOutcome outcome) {
        if (episodes == null || context.plan() == null || context.plan().isEmpty()
                || (outcome.status() != TaskStatus.COMPLETED && outcome.status() != TaskStatus.FAILED)) {
            return;
        }
        try {
            long toolMs = outcome.steps().stream().mapToLong(StepResult::durationMs).sum();
            episodes.record(new EpisodeStore.Run(context.task().tenant(), outcome.taskId(), context.task().goal(),
                    context.plan().stream().map(PlanStep::tool).toList(), outcome.status() == TaskStatus.COMPLETED,
                    outcome.costUsd(), toolMs, outcome.status().name()));
        } catch (RuntimeException e) {
            LOG.warn("Task {} ended {} but is not recorded as an episode: {}", outcome.taskId(), outcome.status(), e.toString());
        }
    }
}
