package dev.kortana.processors.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The token buckets of {@code rate-limits} in policies.yaml. Each map is keyed by tenant, tool or model name; the key
 * {@value #DEFAULT} is the bucket size for every name without its own entry. Every name has its own bucket: two
 * tenants that both fall back to {@value #DEFAULT} do not share one.
 *
 * @param tenant task submissions per tenant
 * @param tool   calls per tool
 * @param model  calls per model
 */
public record RateLimits(Map<String, RateLimit> tenant, Map<String, RateLimit> tool, Map<String, RateLimit> model) {

    /** The key of the bucket size for names without their own entry. */
    public static final String DEFAULT = "default";

    /** No limits at all. */
    public static final RateLimits NONE = new RateLimits(Map.of(), Map.of(), Map.of());

    public RateLimits {
        tenant = tenant == null ? Map.of() : Map.copyOf(tenant);
        tool = tool == null ? Map.of() : Map.copyOf(tool);
        model = model == null ? Map.of() : Map.copyOf(model);
    }

    public Optional<RateLimit> forTenant(String name) {
        return lookup(tenant, name);
    }

    public Optional<RateLimit> forTool(String name) {
        return lookup(tool, name);
    }

    public Optional<RateLimit> forModel(String name) {
        return lookup(model, name);
    }

    public boolean isEmpty() {
        return tenant.isEmpty() && tool.isEmpty() && model.isEmpty();
    }

    private static Optional<RateLimit> lookup(Map<String, RateLimit> limits, String name) {
        RateLimit own = name == null ? null : limits.get(name);
        return Optional.ofNullable(own != null ? own : limits.get(DEFAULT));
    }
}
