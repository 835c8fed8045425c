package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Json;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.store.MemoryStore;
import dev.kortana.processors.store.MemoryStore.Memory;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Memory over HTTP: search as {@code memory.search} answers it, one memory, and forgetting one (with an audit entry). */
public class MemoryApi {

    private static final int MAX_LIMIT = 50;
    private static final int DEFAULT_LIMIT = 10;

    private final MemoryStore memory;
    private final AuditTrail audit;

    public MemoryApi(MemoryStore memory, AuditTrail audit) {
        this.memory = memory;
        this.audit = audit;
    }

    /**
     * GET /api/memories?q=&limit=: the caller's tenant's best matches, by words and by meaning. Search is always within
     * one tenant, so an admin of every tenant names it with {@code tenant=} (the default tenant when absent).
     */
    public void search(Exchange exchange) {
        Message in = exchange.getMessage();
        String query = in.getHeader("q", String.class);
        if (query == null || query.isBlank()) {
            throw ContractViolation.of("q", "the query is missing or blank", "send q=<words to search for>, e.g. q=kafka+outages");
        }
        int limit = Requests.limit(in.getHeader("limit", String.class), DEFAULT_LIMIT, MAX_LIMIT);
        List<Memory> hits = memory.search(searchTenant(ApiAccess.principal(exchange), in.getHeader("tenant", String.class)),
                query, limit);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("query", query);
        body.put("count", hits.size());
        ArrayNode items = body.putArray("hits");
        hits.forEach(hit -> items.add(view(hit)));
        JsonAnswer.write(exchange, 200, body);
    }

    /** GET /api/memories/{id}: one memory; another tenant's is as absent as an unknown id. */
    public void memory(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Optional<Memory> found = visible(exchange, id);
        if (found.isEmpty()) {
            notFound(exchange, id);
            return;
        }
        ObjectNode view = view(found.get());
        view.remove("rank");
        view.put("tenant", found.get().tenant());
        JsonAnswer.write(exchange, 200, view);
    }

    /** DELETE /api/memories/{id} (admin): forgets the memory from the table and the vector index, and audits it. */
    public void forget(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Principal who = ApiAccess.principal(exchange);
        Optional<Memory> gone = visible(exchange, id).flatMap(m -> memory.forget(m.id()));
        if (gone.isEmpty()) {
            notFound(exchange, id);
            return;
        }
        Memory m = gone.get();
        // The entry names what was forgotten and whose it was, never what it said.
        audit.append("memory-forgotten", m.taskId(), who.keyId(), Map.of("memory", m.id(), "taskId", m.taskId(), "tenant", m.tenant()));
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("id", m.id());
        answer.put("taskId", m.taskId());
        answer.put("forgotten", true);
        JsonAnswer.write(exchange, 200, answer);
    }

    private Optional<Memory> visible(Exchange exchange, String id) {
        long memoryId;
        try {
            memoryId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty(); // no memory has an id that is not a number
        }
        return memory.find(ApiAccess.principal(exchange).ownTenant(), memoryId);
    }

    private static String searchTenant(Principal caller, String asked) {
        String own = caller.ownTenant();
        if (own != null) {
            if (asked != null && !asked.isBlank() && !asked.trim().equals(own)) {
                // Said, not ignored: a key that asked for another tenant would otherwise read its own results as theirs.
                throw ContractViolation.of("tenant", "a key of tenant " + own + " searches only " + own,
                        "leave tenant out, or use a key of an admin of every tenant");
            }
            return own;
        }
        return asked == null || asked.isBlank() ? AgentTask.DEFAULT_TENANT : asked.trim();
    }


    private static ObjectNode view(Memory m) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("id", m.id());
        item.put("taskId", m.taskId());
        item.put("kind", m.kind());
        item.put("rank", m.rank());
        item.put("content", m.content());
        item.put("createdAt", m.createdAt().toString());
        return item;
    }

    private static void notFound(Exchange exchange, String id) {
        Problems.write(exchange, 404, "Memory not found", "no memory has id '" + id + "'",
                List.of(new FieldProblem("id", "unknown memory id", "use an id that GET /api/memories?q=... returned")));
    }
}
