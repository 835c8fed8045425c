package dev.kortana.processors.tools;

/** A tool call that cannot succeed as given; the step fails at once, without retries. */
public class ToolFailure extends RuntimeException {

    public ToolFailure(String message) {
        super(message);
    }
}
