package dev.kortana.routes.api;

import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.store.TaskRecord;
import dev.kortana.processors.store.TaskStore;
import dev.kortana.routes.access.Principal;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The task a caller names by id. Ids are per tenant: a tenant's key finds only its tenant's task, and another tenant's
 * task with the same id is as absent as a free id. A key of every tenant names the tenant ({@code ?tenant=}), or the id
 * must belong to one tenant only.
 */
final class CallerTasks {

    /** The query parameter that names the tenant of the task. */
    static final String TENANT = "tenant";

    private CallerTasks() {}

    static Optional<TaskRecord> find(TaskStore tasks, Exchange exchange, Principal who, String id) {
        return find(tasks, exchange.getMessage().getHeader(TENANT, String.class), who, id);
    }

    /** As {@link #find(TaskStore, Exchange, Principal, String)}, with the {@code tenant} the request named (or null). */
    static Optional<TaskRecord> find(TaskStore tasks, String tenant, Principal who, String id) {
        boolean named = tenant != null && !tenant.isBlank();
        if (who.ownTenant() != null) {
            // Naming another tenant finds nothing, exactly as a free id.
            return named && !tenant.trim().equals(who.ownTenant()) ? Optional.empty() : tasks.find(who.ownTenant(), id);
        }
        if (named) {
            return tasks.find(tenant.trim(), id);
        }
        List<TaskRecord> found = tasks.findInEveryTenant(id, 5);
        if (found.size() > 1) {
            throw ContractViolation.of(TENANT, "tenants " + found.stream().map(r -> r.task().tenant()).toList()
                    + (found.size() == 5 ? " and more" : "") + " each have a task '" + id + "'",
                    "name the tenant, e.g. ?tenant=" + found.get(0).task().tenant());
        }
        return found.stream().findFirst();
    }
}
