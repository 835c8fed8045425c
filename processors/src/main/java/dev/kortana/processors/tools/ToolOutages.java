package dev.kortana.processors.tools;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What happens to a step whose tool is down: the task is put aside ({@link ToolUnavailable}) and tries again when the
 * tool's breaker lets a probe through or its {@code Retry-After} has passed, until the tool's patience, counted from
 * the first time this step found it down, has run out; then it becomes a dead letter ({@link ToolRetriesExhausted}).
 */
public final class ToolOutages {

    /** Since when a step has been waiting for its tool: recorded the first time, kept across restarts. */
    @FunctionalInterface
    public interface Waits {
        /** Since when; {@code wait} is how long until the step is due back this time. */
        Instant since(String taskId, int stepIndex, String tool, Duration wait);
    }

    /** No waiting: a tool that is down after its retries gives the step up at once (tests of other things). */
    public static final ToolOutages NONE = new ToolOutages(ToolBreakers.NONE, null, Duration.ZERO, Duration.ZERO, Clock.systemUTC());

    private final ToolBreakers breakers;
    private final Waits waits;
    private final Duration patience;
    private final Duration retryWait;
    private final Clock clock;

    /**
     * @param patience  the default patience (kortana.tools.patience); a tool's own {@code patience} wins
     * @param retryWait how long a task waits when the tool did not say ({@code Retry-After}) and its breaker is closed
     */
    public ToolOutages(ToolBreakers breakers, Waits waits, Duration patience, Duration retryWait, Clock clock) {
        this.breakers = breakers;
        this.waits = waits;
        this.patience = patience;
        this.retryWait = retryWait;
        this.clock = clock;
    }

    public ToolBreakers breakers() {
        return breakers;
    }

    /**
     * The exception that ends this run of the step: {@link ToolUnavailable} to put the task aside for {@code wait} (or
     * {@link #retryWait} when null), or {@link ToolRetriesExhausted} once the patience is used up.
     */
    RuntimeException putAsideOrGiveUp(ToolSpec spec, ToolCall call, Duration wait, String why, int attempts, Throwable cause) {
        if (waits == null) {
            return new ToolRetriesExhausted(spec.name() + " failed " + attempts + " times (retry.max-attempts "
                    + spec.retry().maxAttempts() + "): " + why, attempts, cause);
        }
        Duration allowed = spec.patience() == null ? patience : spec.patience();
        Duration base = wait == null ? retryWait : wait;
        Instant since = waits.since(call.taskId(), call.stepIndex(), spec.name(), base);
        Instant giveUp = since.plus(allowed);
        Instant now = clock.instant();
        if (!now.isBefore(giveUp)) {
            return new ToolRetriesExhausted(spec.name() + " has been unavailable for step " + call.stepIndex() + " since " + since
                    + ", longer than its patience of " + Patience.format(allowed) + " (tools.yaml patience, default"
                    + " kortana.tools.patience); replay the dead letter when the tool is back. Last failure: " + why, attempts, cause);
        }
        // Spread out the tasks that found the tool down together, so they do not all come back in the same instant.
        Duration resume = base.plusMillis(ThreadLocalRandom.current().nextLong(base.toMillis() / 5 + 1));
        Duration left = Duration.between(now, giveUp);
        if (resume.compareTo(left) > 0) {
            resume = left;
        }
        return new ToolUnavailable(spec.name() + " is unavailable (" + why + "); step " + call.stepIndex()
                + " tries again in " + resume.toMillis() + " ms and waits until " + giveUp + " (patience "
                + Patience.format(allowed) + ")", resume);
    }
}
