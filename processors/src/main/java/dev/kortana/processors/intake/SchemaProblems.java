package dev.kortana.processors.intake;

import com.networknt.schema.ValidationMessage;

/** Turns a schema validation message into a {@link FieldProblem} that names the field and says how to fix it. */
final class SchemaProblems {

    private SchemaProblems() {}

    static FieldProblem toProblem(ValidationMessage m) {
        String at = TaskContract.jsonPointer(m.getInstanceLocation().toString());
        String type = m.getType();
        // For "required" and "additionalProperties" the location is the parent object; name the field itself.
        String field = ("required".equals(type) || "additionalProperties".equals(type)) && m.getProperty() != null
                ? (at.equals("/") ? "/" + m.getProperty() : at + "/" + m.getProperty())
                : at;
        String fix = switch (type) {
            case "required" -> "add the required field " + field;
            case "additionalProperties" -> "remove " + field + " or check its spelling; agent-task.schema.json lists the allowed fields";
            case "type" -> "give " + field + " the type the schema asks for";
            case "pattern" -> patternFix(field);
            case "minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum" -> "keep " + field + " within the limits";
            case "format" -> "write " + field + " in the expected format (date-time: 2026-11-25T12:00:00Z)";
            case "uniqueItems" -> "list each item of " + field + " once";
            default -> "see agent-task.schema.json for " + field;
        };
        String problem = m.getError() == null ? m.getMessage() : m.getError().replaceFirst("^[:\\s]+", "");
        return new FieldProblem(field, problem, fix);
    }

    /** What a value of each patterned field looks like, said plainly rather than as the regex. */
    private static String patternFix(String field) {
        String name = field.replaceAll("/\\d+", "").replaceFirst(".*/", "");
        return switch (name) {
            case "goal" -> "say in words what the agent should achieve; " + field + " must not be blank";
            case "id" -> "use 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";
            case "tenant" -> "use lower-case letters, digits and '-' (at most 63, starting with a letter or digit), e.g. acme";
            case "dataResidency" -> "use a region tag of 2 to 10 lower-case letters, as models.yaml tags models, e.g. eu or us";
            case "allowedTools", "tool" -> "use a tool name as GET /api/tools lists it (lower-case), e.g. memory.search";
            default -> "make " + field + " match the pattern in agent-task.schema.json (docs/CONFIGURATION.md, the task schema)";
        };
    }
}
