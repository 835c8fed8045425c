package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.store.MemoryStore;
import dev.kortana.processors.store.TaskKeys;
import java.util.List;
import java.util.stream.Collectors;

/** {@code memory.search}: what the tenant's memory holds about a query, by its words and by its meaning, best match first. */
public class MemorySearchTool implements Tool {

    private final MemoryStore memory;

    public MemorySearchTool(MemoryStore memory) {
        this.memory = memory;
    }

    @Override
    public String name() {
        return "memory.search";
    }

    @Override
    public ToolResult invoke(ToolCall call) {
        String query = call.text("query");
        int limit = call.number("limit", 5, 1, 50);
        List<MemoryStore.Memory> hits = memory.search(call.tenant(), query, limit);
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.put("query", query);
        output.put("count", hits.size());
        ArrayNode items = output.putArray("hits");
        for (MemoryStore.Memory hit : hits) {
            ObjectNode item = items.addObject();
            item.put("id", hit.id());
            item.put("taskId", hit.taskId() == null ? null : TaskKeys.clientId(hit.taskId()));
            item.put("kind", hit.kind());
            item.put("rank", hit.rank());
            item.put("content", hit.content());
        }
        output.put("text", hits.isEmpty()
                ? "Memory holds nothing yet that matches: " + query + "."
                : hits.stream().map(MemoryStore.Memory::content).collect(Collectors.joining("\n\n")));
        return new ToolResult(output, null);
    }
}
