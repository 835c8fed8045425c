package dev.kortana.processors.pipeline;

import dev.kortana.contracts.PolicyDecision;
import dev.kortana.processors.policy.Verdict;
import java.util.List;

/** What policy version {@code version} decided for each step of the plan, in step order. */
public record PlanVerdicts(String version, List<Verdict> verdicts) {

    public PlanVerdicts {
        verdicts = List.copyOf(verdicts);
    }

    public Verdict of(int stepIndex) {
        return verdicts.get(stepIndex);
    }

    /** Whether any step waits for a person's approval under these verdicts. */
    public boolean escalatesAny() {
        return verdicts.stream().anyMatch(v -> v.decision().effect() == PolicyDecision.Effect.ESCALATE);
    }
}
