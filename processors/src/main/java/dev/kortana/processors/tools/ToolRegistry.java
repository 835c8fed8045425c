package dev.kortana.processors.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.store.ToolStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tool this Kor'tana can run: those of {@code tools.yaml}, which only the file changes, plus those registered
 * through the API, kept in PostgreSQL so that every instance sees them. Other instances' registrations are picked up
 * within {@code refresh}.
 */
public class ToolRegistry implements ToolLookup {

    private static final Logger LOG = LoggerFactory.getLogger(ToolRegistry.class);
    private static final ObjectMapper STRICT = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ToolCatalog file;
    private final ToolStore store;
    private final ToolSpecCheck check;
    private final Duration refresh;
    private final Clock clock;
    private volatile ToolCatalog current;
    private volatile Instant loadedAt = Instant.MIN;

    public ToolRegistry(ToolCatalog file, ToolStore store, ToolSpecCheck check, Duration refresh, Clock clock) {
        this.file = file;
        this.store = store;
        this.check = check;
        this.refresh = refresh;
        this.clock = clock;
        this.current = file;
    }

    @Override
    public Optional<ToolSpec> find(String name) {
        return catalog().find(name);
    }

    @Override
    public List<ToolSpec> all() {
        return catalog().all();
    }

    public boolean declaredInFile(String name) {
        return file.find(name).isPresent();
    }

    /**
     * Registers or replaces a tool from its JSON; {@link ContractViolation} names every problem. Returns true when
     * the name is new.
     */
    public boolean register(JsonNode json, String registeredBy) {
        ToolSpec spec = parse(json);
        if (declaredInFile(spec.name())) {
            throw ContractViolation.of("name", "tool '" + spec.name() + "' is declared in tools.yaml",
                    "change it in tools.yaml, or register it under another name");
        }
        List<FieldProblem> problems = check.fromApi(spec);
        if (!problems.isEmpty()) {
            throw new ContractViolation(problems);
        }
        boolean created = store.put(spec.name(), Json.MAPPER.valueToTree(spec), registeredBy);
        LOG.info("Tool {} {} by {}: kind {}, safety {}", spec.name(), created ? "registered" : "replaced", registeredBy,
                spec.kind(), spec.safety());
        loadedAt = Instant.MIN;
        return created;
    }

    private ToolCatalog catalog() {
        Instant now = clock.instant();
        if (loadedAt.plus(refresh).isBefore(now)) {
            synchronized (this) {
                if (loadedAt.plus(refresh).isBefore(now)) {
                    current = load();
                    loadedAt = now;
                }
            }
        }
        return current;
    }

    private ToolCatalog load() {
        List<ToolSpec> specs = new ArrayList<>(file.all());
        for (ToolStore.Registration registration : store.all()) {
            try {
                ToolSpec spec = STRICT.treeToValue(registration.spec(), ToolSpec.class);
                if (!declaredInFile(spec.name())) {
                    specs.add(spec);
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                LOG.warn("Skipping stored tool {}: {}", registration.name(), e.getMessage());
            }
        }
        return new ToolCatalog(specs);
    }

    static ToolSpec parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw ContractViolation.of("/", "the body is not a JSON object", "send one tool registration, e.g. {\"name\": ..., \"kind\": ...}");
        }
        try {
            return STRICT.treeToValue(json, ToolSpec.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // A nested value (reconcile) names its field; the tool's own checks name theirs in the message.
            String field = e.getPath().isEmpty() ? "/" : e.getPath().get(0).getFieldName();
            throw ContractViolation.of(field == null ? "/" : field, cause.getMessage(), "see the tool fields in docs/CONFIGURATION.md");
        } catch (JsonProcessingException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? m.getPath().get(0).getFieldName() : "/";
            throw ContractViolation.of(field == null ? "/" : field, e.getOriginalMessage(), "see the tool fields in docs/CONFIGURATION.md");
        }
    }
}
