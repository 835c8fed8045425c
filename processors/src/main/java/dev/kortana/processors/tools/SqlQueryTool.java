package dev.kortana.processors.tools;

import java.util.function.Function;

/** Placeholder until the sql tool kind lands. */
public class SqlQueryTool implements Tool, AutoCloseable {

    public SqlQueryTool(int maxRows, Function<String, String> env) {}

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public ToolResult invoke(ToolCall call) {
        throw new ToolFailure("sql tools are not available yet");
    }

    @Override
    public void close() {}
}
