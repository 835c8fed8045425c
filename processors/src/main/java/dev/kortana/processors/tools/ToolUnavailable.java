package dev.kortana.processors.tools;

import dev.kortana.processors.policy.RateLimited;
import java.time.Duration;

/**
 * A tool is down (its retries ran out on a refused connection, a 429, 502, 503 or 504, or its circuit breaker is
 * open): the task is put aside, as for a used-up rate limit, and resumed when the tool may be back. Only once the
 * tool's patience has run out does the task become a dead letter ({@link ToolRetriesExhausted}).
 */
public class ToolUnavailable extends RateLimited {

    public ToolUnavailable(String message, Duration retryAfter) {
        super(retryAfter, message);
    }

    @Override
    public String eventName() {
        return "TOOL_UNAVAILABLE";
    }
}
