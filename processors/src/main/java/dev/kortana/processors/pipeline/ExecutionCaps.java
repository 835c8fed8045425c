package dev.kortana.processors.pipeline;

import java.time.Duration;

/**
 * Hard limits on one task's execution; reaching one ends the task with the limit named in its reason.
 *
 * @param maxSteps     steps a plan may have ({@code kortana.caps.max-steps})
 * @param maxToolCalls tool calls a task may make, tries included ({@code kortana.caps.max-tool-calls})
 * @param maxRunTime   how long one run of a task may execute ({@code kortana.caps.max-run-ms})
 */
public record ExecutionCaps(int maxSteps, int maxToolCalls, Duration maxRunTime) {

    public static final ExecutionCaps DEFAULT = new ExecutionCaps(25, 100, Duration.ofMinutes(15));
}
