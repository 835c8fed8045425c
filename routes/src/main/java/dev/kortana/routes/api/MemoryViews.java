package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.store.MemoryStore;
import dev.kortana.processors.store.MemoryStore.Memory;
import dev.kortana.processors.store.TaskKeys;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;

/** What the memory API classes share: which memory or tenant a caller may name, and how a memory is shown. */
final class MemoryViews {

    private MemoryViews() {}

    /** The memory {@code id} names, if the caller's tenant holds it; an id that is not a number names none. */
    static Optional<Memory> visible(MemoryStore memory, Exchange exchange, String id) {
        long memoryId;
        try {
            memoryId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return memory.find(ApiAccess.principal(exchange).ownTenant(), memoryId);
    }

    /**
     * The tenant a request works on: a key's own tenant (naming another is a 400 that says so, not silently answered
     * with its own tenant's memories), or for an admin of every tenant the one it names, the default tenant otherwise.
     */
    static String tenant(Principal caller, String asked) {
        String own = caller.ownTenant();
        if (own != null) {
            if (asked != null && !asked.isBlank() && !asked.trim().equals(own)) {
                throw ContractViolation.of("tenant", "a key of tenant " + own + " works only on " + own,
                        "leave tenant out, or use a key of an admin of every tenant");
            }
            return own;
        }
        return asked == null || asked.isBlank() ? AgentTask.DEFAULT_TENANT : asked.trim();
    }

    static ObjectNode view(Memory m) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("id", m.id());
        item.put("taskId", m.taskId() == null ? null : TaskKeys.clientId(m.taskId()));
        item.put("kind", m.kind());
        item.put("rank", m.rank());
        item.put("quality", Math.round(m.quality() * 1000) / 1000.0);
        item.put("uses", m.uses());
        item.put("content", m.content());
        item.put("createdAt", m.createdAt().toString());
        return item;
    }

    static void notFound(Exchange exchange, String id) {
        Problems.write(exchange, 404, "Memory not found", "no memory has id '" + id + "'",
                List.of(new FieldProblem("id", "unknown memory id", "use an id that GET /api/memories?q=... returned")));
    }
}
