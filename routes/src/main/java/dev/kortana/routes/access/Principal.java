package dev.kortana.routes.access;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling the API: the id of the key they presented (never the key), the tenant it acts for and its roles.
 * Routes find it in the exchange property {@link dev.kortana.routes.Headers#PRINCIPAL} once {@link ApiAccess} has let the request in.
 *
 * @param keyId  the key's id from the key file; what records name as the actor
 * @param tenant the tenant whose tasks this caller sees, or {@link #ALL_TENANTS}
 * @param roles  what this caller may do; never empty
 */
public record Principal(String keyId, String tenant, Set<Role> roles) {

    /** The tenant of a principal that acts for every tenant (only admins may). */
    public static final String ALL_TENANTS = "*";

    private static final Principal LOCAL_OPERATOR = new Principal("local-operator", ALL_TENANTS, Set.of(Role.ADMIN));

    public Principal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(tenant, "tenant");
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("a principal needs at least one role");
        }
        if (ALL_TENANTS.equals(tenant) && !roles.contains(Role.ADMIN)) {
            throw new IllegalArgumentException("only an admin may act for every tenant (\"*\")");
        }
        roles = Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    /** Whether this caller holds {@code role}; an admin holds every role. */
    public boolean has(Role role) {
        return roles.contains(Role.ADMIN) || roles.contains(role);
    }

    /** Whether this caller may see the tasks of {@code taskTenant}. */
    public boolean seesTenant(String taskTenant) {
        return ALL_TENANTS.equals(tenant) || tenant.equals(taskTenant);
    }

    /** The tenant a task of this caller belongs to when it names none; null for an all-tenants admin (the default tenant). */
    public String ownTenant() {
        return ALL_TENANTS.equals(tenant) ? null : tenant;
    }

    /** The caller of a Kor'tana that runs without keys: only possible on a loopback address in the local environment. */
    public static Principal localOperator() {
        return LOCAL_OPERATOR;
    }
}
