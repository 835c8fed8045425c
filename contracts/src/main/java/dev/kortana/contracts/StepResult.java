package dev.kortana.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The checkpoint of one executed step.
 *
 * @param index      position of the step in the plan
 * @param tool       tool that ran
 * @param status     how it ended
 * @param output     the tool's result (JSON), null when it failed
 * @param error      why it failed, null when it completed
 * @param startedAt  when the call started
 * @param durationMs how long the call took
 */
public record StepResult(
        int index, String tool, StepStatus status, JsonNode output, String error, Instant startedAt, long durationMs) {

    public StepResult {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(status, "status");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
    }

    public boolean completed() {
        return status == StepStatus.COMPLETED;
    }
}
