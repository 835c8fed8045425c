package dev.kortana.processors.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Checks raw input against {@code schemas/agent-task.schema.json} and turns it into an {@link AgentTask}. Every
 * channel uses this one gate, so a task is judged the same whether it came by file, HTTP or Kafka.
 */
public class TaskContract {

    private final JsonSchema schema;
    private final int maxBytes;

    public TaskContract(int maxBytes) {
        this.maxBytes = maxBytes;
        try (InputStream in = AgentTask.class.getResourceAsStream("/schemas/agent-task.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schemas/agent-task.schema.json is missing from the contracts jar");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_POINTER)
                    .build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the AgentTask schema", e);
        }
    }

    /** Parses and validates; throws {@link ContractViolation} naming every problem found. */
    public AgentTask parse(byte[] body) {
        return parse(body, null);
    }

    /**
     * As {@link #parse(byte[])}, giving a task that names no tenant {@code tenantWhenAbsent} (when not null) before it
     * is validated, so the stored task, and the hash that makes a repeated submission idempotent, carry it.
     */
    public AgentTask parse(byte[] body, String tenantWhenAbsent) {
        if (body == null || body.length == 0) {
            throw ContractViolation.of("/", "the body is empty", "send one AgentTask as a JSON object, e.g. {\"goal\":\"...\"}");
        }
        if (body.length > maxBytes) {
            throw new TaskTooLarge(body.length, maxBytes);
        }
        JsonNode tree;
        try {
            // Strict: one document only, and a key given twice is an error rather than "last one wins".
            tree = Json.MAPPER.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .readTree(body);
        } catch (IOException e) {
            String where = "";
            String why = firstLine(e.getMessage());
            if (e instanceof JsonProcessingException jpe) {
                why = firstLine(jpe.getOriginalMessage()).replaceAll("\\s*\\(start marker at.*$", "");
                if (jpe.getLocation() != null) {
                    where = " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
                }
            }
            throw ContractViolation.of("/", "the body is not valid JSON" + where + ": " + why,
                    "send one AgentTask as a JSON object, e.g. {\"goal\":\"...\"}");
        }
        if (tree == null || tree.isMissingNode()) {
            throw ContractViolation.of("/", "the body holds no JSON value", "send one AgentTask as a JSON object");
        }
        if (tenantWhenAbsent != null && tree instanceof ObjectNode task && !task.has("tenant")) {
            task.put("tenant", tenantWhenAbsent);
        }
        List<FieldProblem> nulCharacters = new ArrayList<>();
        findNulCharacters(tree, "", nulCharacters);
        if (!nulCharacters.isEmpty()) {
            throw new ContractViolation(nulCharacters);
        }
        Set<ValidationMessage> errors = schema.validate(tree);
        if (!errors.isEmpty()) {
            throw new ContractViolation(errors.stream()
                    .map(SchemaProblems::toProblem)
                    .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::problem))
                    .toList());
        }
        List<FieldProblem> references = PlanReferences.forwardReferences(tree.path("plan"));
        if (!references.isEmpty()) {
            throw new ContractViolation(references);
        }
        try {
            return Json.MAPPER.treeToValue(tree, AgentTask.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ContractViolation.of("/", firstLine(e.getMessage()), "check the task against the AgentTask schema");
        }
    }

    public AgentTask parse(String body) {
        return parse(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** PostgreSQL cannot store U+0000 in text; say where it is instead of failing at the database. */
    private static void findNulCharacters(JsonNode node, String pointer, List<FieldProblem> found) {
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            found.add(new FieldProblem(pointer.isEmpty() ? "/" : pointer, "contains a NUL character (\\u0000)",
                    "remove the NUL character; it cannot be stored"));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String child = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                if (e.getKey().indexOf('\0') >= 0) {
                    found.add(new FieldProblem(child, "the field name contains a NUL character (\\u0000)", "rename the field"));
                }
                findNulCharacters(e.getValue(), child, found);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findNulCharacters(node.get(i), pointer + "/" + i, found);
            }
        }
    }

    /** Locations are JSON pointers; the whole document, "" in JSON Pointer, is shown as "/". */
    static String jsonPointer(String path) {
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
