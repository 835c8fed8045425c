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
 * @param constraints    the task's constraints (model calls made by a tool stay within its budget and residency)
 * @param spec           the tool's registration (kind-specific settings such as its endpoint or statement), or null
 * @param idempotencyKey the ledger key of this call (the same on every retry and replay); outbound HTTP sends it as
 *                       {@code Idempotency-Key}
 */
public record ToolCall(String taskId, String tenant, int stepIndex, Map<String, Object> args, TaskConstraints constraints,
        ToolSpec spec, String idempotencyKey) {

    public ToolCall {
        constraints = constraints == null ? TaskConstraints.NONE : constraints;
        args = args == null ? Map.of() : args;
    }

    public ToolCall(String taskId, String tenant, int stepIndex, Map<String, Object> args, TaskConstraints constraints) {
        this(taskId, tenant, stepIndex, args, constraints, null, null);
    }

    public ToolCall(String taskId, String tenant, int stepIndex, Map<String, Object> args) {
        this(taskId, tenant, stepIndex, args, null);
    }

    /** This call for another registration of the same kind. */
    public ToolCall withSpec(ToolSpec newSpec, String key) {
        return new ToolCall(taskId, tenant, stepIndex, args, constraints, newSpec, key);
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
