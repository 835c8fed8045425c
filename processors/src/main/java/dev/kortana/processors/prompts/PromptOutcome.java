package dev.kortana.processors.prompts;

import dev.kortana.contracts.TaskStatus;
import java.util.Set;

/** How one ended task counts for one prompt version it used. */
public final class PromptOutcome {

    /** The plan's own validation events: a first answer that was not a valid plan, and repairs that did not help. */
    public static final Set<String> PLAN_EVENTS = Set.of("PLAN_INVALID", "PLAN_FALLBACK");

    private PromptOutcome() {}

    /**
     * The letter for the version's recent window: {@code V} when the answer to this prompt failed validation (for plan an
     * invalid first answer, for plan-repair repairs that ended in the fallback planner, for any prompt a task that failed
     * the validate stage), else {@code S} for a completed task, {@code F} for a failed one, {@code O} otherwise (rejected
     * by policy, cancelled: not the prompt's doing).
     */
    public static char letter(String name, TaskStatus status, String reason, Set<String> planEvents) {
        boolean invalid = reason != null && reason.startsWith("validation:")
                || ShippedPrompts.PLAN.equals(name) && !planEvents.isEmpty()
                || ShippedPrompts.PLAN_REPAIR.equals(name) && planEvents.contains("PLAN_FALLBACK");
        if (invalid) {
            return 'V';
        }
        return status == TaskStatus.COMPLETED ? 'S' : status == TaskStatus.FAILED ? 'F' : 'O';
    }
}
