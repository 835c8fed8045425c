package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves references in step arguments: {@code {{steps.N.output}}} (an earlier step's result as text),
 * {@code {{goal}}}, {@code {{inputs}}} (the task's inputs as text, {@link #inputsText}) and {@code {{taskId}}}. What a
 * reference is replaced by is never read for references itself.
 */
public final class StepArguments {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*(steps\\.(\\d{1,6})\\.output|goal|inputs|taskId)\\s*}}");

    private StepArguments() {}

    public static Map<String, Object> resolve(Map<String, Object> args, AgentContext context, int stepIndex) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        args.forEach((key, value) -> resolved.put(key, resolveValue(value, context, stepIndex)));
        return resolved;
    }

    private static Object resolveValue(Object value, AgentContext context, int stepIndex) {
        if (value instanceof String s) {
            return resolveText(s, context, stepIndex);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), resolveValue(v, context, stepIndex)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(resolveValue(v, context, stepIndex)));
            return out;
        }
        return value;
    }

    private static String resolveText(String text, AgentContext context, int stepIndex) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = switch (m.group(1)) {
                case "goal" -> context.task().goal();
                case "inputs" -> inputsText(context.task());
                case "taskId" -> context.taskId();
                default -> outputOf(context, Integer.parseInt(m.group(2)), stepIndex);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The task's inputs as text, for planners and {@code {{inputs}}}: its string values, or the JSON when there are none. */
    public static String inputsText(AgentTask task) {
        String texts = task.inputs().values().stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .collect(java.util.stream.Collectors.joining("\n\n"));
        if (!texts.isBlank() || task.inputs().isEmpty()) {
            return texts;
        }
        return Json.MAPPER.valueToTree(task.inputs()).toString();
    }

    private static String outputOf(AgentContext context, int referenced, int stepIndex) {
        if (referenced >= stepIndex) {
            throw new ToolFailure("step " + stepIndex + " refers to steps." + referenced
                    + ".output; a step can only use the output of an earlier step");
        }
        return context.steps().stream()
                .filter(s -> s.index() == referenced && s.completed())
                .map(StepResult::output)
                .findFirst()
                .map(StepArguments::asText)
                .orElseThrow(() -> new ToolFailure("step " + stepIndex + " refers to steps." + referenced
                        + ".output, but that step has not completed"));
    }

    /** The text form of a tool output: its {@code text} field, or the JSON itself. */
    public static String asText(JsonNode output) {
        if (output == null || output.isNull()) {
            return "";
        }
        JsonNode text = output.get("text");
        return text != null && text.isTextual() ? text.asText() : output.isTextual() ? output.asText() : output.toString();
    }
}
