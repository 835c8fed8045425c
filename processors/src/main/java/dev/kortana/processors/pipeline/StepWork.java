package dev.kortana.processors.pipeline;

import dev.kortana.contracts.PlanStep;

/**
 * One pending step of a task, as the execute stage splits the plan.
 *
 * @param run   the task it belongs to
 * @param index its position in the plan
 * @param step  the planned call
 */
public record StepWork(TaskRun run, int index, PlanStep step) {}
