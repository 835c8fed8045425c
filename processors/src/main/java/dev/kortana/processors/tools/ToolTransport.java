package dev.kortana.processors.tools;

/**
 * Carries one call to the code of its kind and back. The Camel implementation sends it through the
 * {@code tool-dispatch} route, whose {@code choice()} on the kind picks the route that runs it.
 */
public interface ToolTransport {

    /**
     * Runs the call within {@code spec.timeoutMs()}. Throws {@link ToolFailure} when it cannot succeed as given and
     * {@link TransientToolFailure} when trying again may help.
     */
    ToolResult call(ToolSpec spec, ToolCall call);
}
