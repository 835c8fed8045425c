package dev.kortana.processors.tools;

/** A tool's own retry policy ran out; the task is dead-lettered at once, to be replayed when the tool is back. */
public class ToolRetriesExhausted extends RuntimeException {

    private final int attempts;

    public ToolRetriesExhausted(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
