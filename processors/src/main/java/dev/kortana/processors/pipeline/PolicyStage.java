package dev.kortana.processors.pipeline;

import dev.kortana.contracts.PolicyDecision;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.policy.PolicyFilter;
import dev.kortana.processors.store.CheckpointStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs the policy filter over the whole plan before any step executes; one denied step rejects the task. */
public class PolicyStage {

    private final PolicyFilter filter;
    private final CheckpointStore checkpoints;

    public PolicyStage(PolicyFilter filter, CheckpointStore checkpoints) {
        this.filter = filter;
        this.checkpoints = checkpoints;
    }

    public void check(TaskRun run) {
        List<PolicyDecision> decisions = filter.evaluate(run.context().task(), run.context().plan());
        run.update(c -> c.withDecisions(decisions));
        List<PolicyDecision> denied = decisions.stream().filter(PolicyDecision::denies).toList();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("allowed", decisions.size() - denied.size());
        detail.put("denied", denied);
        checkpoints.event(run.taskId(), "policy", denied.isEmpty() ? "POLICY_ALLOWED" : "POLICY_DENIED",
                run.context().status(), detail);
        if (!denied.isEmpty()) {
            throw new PermanentFailure(TaskStatus.REJECTED, denied.stream()
                    .map(d -> "step " + d.stepIndex() + " denied by " + d.ruleId() + ": " + d.reason())
                    .collect(Collectors.joining("; ")));
        }
    }
}
