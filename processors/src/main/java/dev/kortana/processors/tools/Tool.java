package dev.kortana.processors.tools;

/**
 * A built-in tool. Throw {@link ToolFailure} when the call can never succeed as given (bad arguments, refused by a
 * safety check); throw anything else (an IOException) when trying again may help.
 */
public interface Tool {

    String name();

    ToolResult invoke(ToolCall call) throws Exception;
}
