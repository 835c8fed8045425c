package dev.kortana.processors.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Checks raw input against {@code schemas/agent-task.schema.json} and turns it into an {@link AgentTask}. Every
 * channel uses this one gate, so a task is judged the same whether it came by file, HTTP or Kafka.
 */
public class TaskContract {

    /** Default of {@code kortana.intake.max-depth}. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** Default of {@code kortana.caps.max-steps}. */
    public static final int DEFAULT_MAX_STEPS = 25;

    private final JsonSchema schema;
    private final int maxBytes;
    private final int maxSteps;
    private final StrictJson reading;

    public TaskContract(int maxBytes) {
        this(maxBytes, DEFAULT_MAX_DEPTH, DEFAULT_MAX_STEPS);
    }

    /**
     * {@code maxDepth}: most levels of nested objects and arrays a task may have ({@code kortana.intake.max-depth});
     * {@code maxSteps}: most steps its plan may have ({@code kortana.caps.max-steps}), checked here so that a plan over
     * the cap is refused when it is sent, not accepted and then rejected.
     */
    public TaskContract(int maxBytes, int maxDepth, int maxSteps) {
        this.maxBytes = maxBytes;
        this.maxSteps = maxSteps;
        this.reading = new StrictJson(maxDepth);
        try (InputStream in = AgentTask.class.getResourceAsStream("/schemas/agent-task.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schemas/agent-task.schema.json is missing from the contracts jar");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_POINTER)
                    .regularExpressionFactory(WholeValuePatterns.INSTANCE)
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
        JsonNode tree = reading.read(body);
        if (tenantWhenAbsent != null && tree instanceof ObjectNode task && !task.has("tenant")) {
            task.put("tenant", tenantWhenAbsent);
        }
        Set<ValidationMessage> errors = schema.validate(tree);
        if (!errors.isEmpty()) {
            throw new ContractViolation(errors.stream()
                    .map(SchemaProblems::toProblem)
                    .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::problem))
                    .toList());
        }
        if (tree.path("plan").size() > maxSteps) {
            throw ContractViolation.of("/plan", "has " + tree.path("plan").size() + " steps, more than kortana.caps.max-steps ("
                    + maxSteps + ")", "send at most " + maxSteps + " steps (split the work into several tasks), or raise"
                    + " kortana.caps.max-steps");
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
