package dev.kortana.processors.store;

import dev.kortana.contracts.AgentTask;
import java.util.Optional;

/**
 * The stored key of a task, from its tenant and the id its caller chose. Ids are namespaced by tenant: the key of a
 * task of tenant {@code acme} is {@code acme/<id>}, so two tenants may use the same id and neither can tell. Tasks of
 * the default tenant keep the plain id (what single-tenant installations always had); so do tasks stored before V18.
 * A tenant has no '/' and an id has none, so the id is always what follows the first '/'.
 */
public final class TaskKeys {

    private TaskKeys() {}

    /** The key a new task of {@code tenant} with {@code id} is stored under. */
    public static String of(String tenant, String id) {
        return AgentTask.DEFAULT_TENANT.equals(tenant) ? id : qualified(tenant, id);
    }

    /** Always {@code tenant/id}: the key of a default-tenant task whose plain id a task stored before V18 holds. */
    public static String qualified(String tenant, String id) {
        return tenant + "/" + id;
    }

    /** The id the task's caller knows it by: what every answer and every published outcome names. */
    public static String clientId(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }

    /** The tenant a qualified key names; empty for a plain key. */
    public static Optional<String> tenant(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? Optional.empty() : Optional.of(key.substring(0, slash));
    }
}
