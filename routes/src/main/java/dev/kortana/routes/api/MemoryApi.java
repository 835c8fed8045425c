package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.store.MemoryProvenance;
import dev.kortana.processors.store.MemoryStore.Memory;
import dev.kortana.processors.store.MemoryStore;
import dev.kortana.processors.store.TaskKeys;
import dev.kortana.routes.access.ApiAccess;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Memory over HTTP: search as {@code memory.search} answers it (or of other kinds), and one memory with its provenance. */
public class MemoryApi {

    private static final int MAX_LIMIT = 50;
    private static final int DEFAULT_LIMIT = 10;
    private static final Set<String> KINDS = Set.of(MemoryStore.FACT, MemoryStore.EPISODE, MemoryStore.REFLECTION);

    private final MemoryStore memory;
    private final MemoryProvenance provenance;

    public MemoryApi(MemoryStore memory, MemoryProvenance provenance) {
        this.memory = memory;
        this.provenance = provenance;
    }

    /**
     * GET /api/memories?q=&kind=&limit=: the caller's tenant's best matches, by words and by meaning; facts unless
     * {@code kind} names others (comma-separated). Search is always within one tenant, so an admin of every tenant names
     * it with {@code tenant=} (the default tenant when absent).
     */
    public void search(Exchange exchange) {
        Message in = exchange.getMessage();
        String query = in.getHeader("q", String.class);
        if (query == null || query.isBlank()) {
            throw ContractViolation.of("q", "the query is missing or blank", "send q=<words to search for>, e.g. q=kafka+outages");
        }
        int limit = Requests.limit(in.getHeader("limit", String.class), DEFAULT_LIMIT, MAX_LIMIT);
        Set<String> kinds = kinds(in.getHeader("kind", String.class));
        List<Memory> hits = memory.search(MemoryViews.tenant(ApiAccess.principal(exchange), in.getHeader("tenant", String.class)),
                query, kinds, limit);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("query", query);
        body.set("kinds", Json.MAPPER.valueToTree(kinds));
        body.put("count", hits.size());
        ArrayNode items = body.putArray("hits");
        hits.forEach(hit -> items.add(MemoryViews.view(hit)));
        JsonAnswer.write(exchange, 200, body);
    }

    /** GET /api/memories/{id}: one memory and its provenance; another tenant's is as absent as an unknown id. */
    public void memory(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Optional<Memory> found = MemoryViews.visible(memory, exchange, id);
        Optional<MemoryProvenance.Provenance> origin = found.flatMap(m -> provenance.of(m.id()));
        if (origin.isEmpty()) {
            MemoryViews.notFound(exchange, id);
            return;
        }
        ObjectNode view = MemoryViews.view(found.get());
        view.remove("rank");
        view.put("tenant", found.get().tenant());
        MemoryProvenance.Provenance p = origin.get();
        view.put("live", p.supersededBy() == null);
        view.put("updatedAt", p.updatedAt().toString());
        view.put("lastUsedAt", p.lastUsedAt() == null ? null : p.lastUsedAt().toString());
        ObjectNode from = view.putObject("provenance");
        from.set("sourceTasks", Json.MAPPER.valueToTree(p.sourceTasks().stream().map(TaskKeys::clientId).toList()));
        from.set("mergedFrom", Json.MAPPER.valueToTree(p.mergedFrom()));
        from.set("supersedes", Json.MAPPER.valueToTree(p.supersedes()));
        if (p.supersededBy() != null) {
            from.put("supersededBy", p.supersededBy());
        }
        if (p.detail() != null) {
            from.set("detail", readJson(p.detail()));
        }
        JsonAnswer.write(exchange, 200, view);
    }

    private static Set<String> kinds(String asked) {
        if (asked == null || asked.isBlank()) {
            return MemoryStore.KNOWLEDGE;
        }
        Set<String> kinds = new LinkedHashSet<>();
        for (String kind : asked.split(",")) {
            String k = kind.trim();
            if (!KINDS.contains(k)) {
                throw ContractViolation.of("kind", "'" + k + "' is not a kind of memory",
                        "send kind=fact, episode or reflection (several separated by commas)");
            }
            kinds.add(k);
        }
        return kinds;
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("memory detail is not JSON: " + e.getOriginalMessage(), e); // jsonb always is
        }
    }
}
