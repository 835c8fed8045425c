package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.maintenance.MemoryArchive;
import dev.kortana.processors.store.MemoryForgetting;
import dev.kortana.processors.store.MemoryStore.Memory;
import dev.kortana.processors.store.MemoryStore;
import dev.kortana.processors.store.TaskKeys;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Forgetting over HTTP (admin): one memory, what one task taught, or all a tenant knows; from the table, the vector
 * index and the archive of cold memories, each with an audit entry that names what was forgotten and whose it was,
 * never what it said.
 */
public class ForgetMemoryApi {

    private final MemoryStore memory;
    private final MemoryForgetting forgetting;
    private final MemoryArchive archive;
    private final AuditTrail audit;

    public ForgetMemoryApi(MemoryStore memory, MemoryForgetting forgetting, MemoryArchive archive, AuditTrail audit) {
        this.memory = memory;
        this.forgetting = forgetting;
        this.archive = archive;
        this.audit = audit;
    }

    /** DELETE /api/memories/{id}: from the table and the index, and from the archive when it was archived. */
    public void forget(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Principal who = ApiAccess.principal(exchange);
        Optional<Memory> gone = MemoryViews.visible(memory, exchange, id).flatMap(m -> forgetting.forget(m.id()));
        // Only an admin of every tenant forgets, so an archived memory (in no table row to check the tenant of) is theirs.
        long archived = who.ownTenant() == null && isNumber(id) ? archive.forgetIds(List.of(Long.parseLong(id))) : 0;
        if (gone.isEmpty() && archived == 0) {
            MemoryViews.notFound(exchange, id);
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("memory", Long.parseLong(id));
        gone.ifPresent(m -> {
            detail.put("taskId", m.taskId());
            detail.put("tenant", m.tenant());
        });
        detail.put("archived", archived);
        audit.append("memory-forgotten", gone.map(Memory::taskId).orElse(null), who.keyId(), detail);
        ObjectNode answer = Json.MAPPER.valueToTree(detail);
        answer.put("forgotten", true);
        JsonAnswer.write(exchange, 200, answer);
    }

    private static boolean isNumber(String id) {
        return id != null && id.matches("[0-9]{1,18}");
    }

    /**
     * DELETE /api/memories?task=ID[&tenant=T]: what the task taught (the default tenant's task unless tenant names
     * another); DELETE /api/memories?tenant=T without task: everything tenant T remembers.
     */
    public void forgetMany(Exchange exchange) {
        Message in = exchange.getMessage();
        String task = in.getHeader("task", String.class);
        String asked = in.getHeader("tenant", String.class);
        Principal who = ApiAccess.principal(exchange);
        boolean wholeTenant = task == null || task.isBlank();
        if (wholeTenant && (asked == null || asked.isBlank())) {
            throw ContractViolation.of("task", "name what to forget",
                    "send task=<task id> to forget what it taught, or tenant=<tenant> to forget everything the tenant remembers");
        }
        String tenant = MemoryViews.tenant(who, asked);
        List<Long> ids = new ArrayList<>(wholeTenant ? forgetting.forgetTenant(tenant) : List.of());
        long archived = wholeTenant ? archive.forgetTenant(tenant) : 0;
        // Memories name the task by its key; a task stored before V18, or a default-tenant fallback, by another.
        for (String key : wholeTenant ? Set.<String>of()
                : new LinkedHashSet<>(List.of(TaskKeys.of(tenant, task.trim()), TaskKeys.qualified(tenant, task.trim()), task.trim()))) {
            ids.addAll(forgetting.forgetTask(tenant, key));
            archived += archive.forgetTask(tenant, key);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("tenant", tenant);
        if (!wholeTenant) {
            detail.put("taskId", task.trim());
        }
        detail.put("memories", ids.size());
        detail.put("archived", archived);
        // The audit log names tasks by their key, as every other entry does.
        audit.append("memory-forgotten", wholeTenant ? null : TaskKeys.of(tenant, task.trim()), who.keyId(), detail);
        ObjectNode answer = Json.MAPPER.valueToTree(detail);
        answer.set("ids", Json.MAPPER.valueToTree(ids));
        JsonAnswer.write(exchange, 200, answer);
    }
}
