package dev.kortana.processors.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.tools.StepArguments;
import java.util.Map;

/** Result validation: every planned step completed with an output, and the last one produced a usable result. */
public class ValidateStage {

    private final CheckpointStore checkpoints;

    public ValidateStage(CheckpointStore checkpoints) {
        this.checkpoints = checkpoints;
    }

    public void validate(TaskRun run) {
        // Validation reads what is in memory and takes no time: its transition goes with the next write.
        checkpoints.transitionWithNextWrite(run.taskId(), TaskStatus.VALIDATING, Map.of());
        run.update(c -> c.withStatus(TaskStatus.VALIDATING));
        AgentContext context = run.context();
        for (int i = 0; i < context.plan().size(); i++) {
            if (!context.isStepCompleted(i)) {
                throw new PermanentFailure(TaskStatus.FAILED, "validation: step " + i + " ("
                        + context.plan().get(i).tool() + ") has no completed result");
            }
        }
        if (finalResult(context).isBlank()) {
            throw new PermanentFailure(TaskStatus.FAILED, "validation: the last step produced an empty result");
        }
    }

    /** The task's answer: the text of the last step's output. */
    static String finalResult(AgentContext context) {
        int last = context.plan().size() - 1;
        return context.steps().stream()
                .filter(s -> s.index() == last && s.completed())
                .map(StepResult::output)
                .map(StepArguments::asText)
                .findFirst()
                .orElse("");
    }
}
