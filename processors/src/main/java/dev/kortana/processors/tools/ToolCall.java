package dev.kortana.processors.tools;

import dev.kortana.contracts.TaskConstraints;
import java.util.Map;

/**
 * One invocation of a tool, with references to earlier steps already resolved.
 *
 * @param taskId      the task
 * @param tenant      the task's tenant (tools must not reach other tenants' data)
 * @param stepIndex   the plan step
 * @param args        the arguments
 * @param constraints the task's constraints (model calls made by a tool stay within its budget and residency)
 */
public record ToolCall(String taskId, String tenant, int stepIndex, Map<String, Object> args, TaskConstraints constraints) {

    public ToolCall {
        constraints = constraints == null ? TaskConstraints.NONE : constraints;
    }

    public ToolCall(String taskId, String tenant, int stepIndex, Map<String, Object> args) {
        this(taskId, tenant, stepIndex, args, null);
    }

    /** A required string argument. */
    public String text(String name) {
        Object value = args.get(name);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new ToolFailure("argument '" + name + "' is required and must be a non-empty string");
        }
        return s;
    }

    /** An optional whole-number argument. */
    public int number(String name, int fallback, int min, int max) {
        Object value = args.get(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new ToolFailure("argument '" + name + "' must be a whole number");
        }
        long l = n.longValue();
        if (l < min || l > max) {
            throw new ToolFailure("argument '" + name + "' must be between " + min + " and " + max + ", not " + value);
        }
        return (int) l;
    }
}
