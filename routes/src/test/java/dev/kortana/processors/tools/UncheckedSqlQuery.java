package dev.kortana.processors.tools;

import java.util.Map;

/**
 * Reaches {@link SqlQueryTool}'s database layer without its static check, so integration tests can show that the
 * read-only, rolled-back transaction stops writes by itself. Test code only: production calls always go through
 * {@link SqlQueryTool#invoke}.
 */
public final class UncheckedSqlQuery {

    private UncheckedSqlQuery() {}

    /** Runs the statement of {@code spec} with {@code args}, skipping {@link ReadOnlySql}. */
    public static ToolResult run(SqlQueryTool tool, ToolSpec spec, Map<String, Object> args) {
        return tool.queryReadOnly(spec, SqlStatement.parse(spec.name(), spec.sql()), args);
    }
}
