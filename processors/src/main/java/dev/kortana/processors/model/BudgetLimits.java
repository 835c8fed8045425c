package dev.kortana.processors.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Daily spending ceilings (UTC days), from the {@code budgets:} section of {@code models.yaml}. They hold across every
 * instance sharing the database. A task's own {@code maxCostUsd} applies on top.
 *
 * @param globalDailyUsd all tenants together, or null for no ceiling
 * @param tenantDailyUsd each tenant without an entry in {@code tenants}, or null for no ceiling
 * @param tenants        ceilings for named tenants
 */
public record BudgetLimits(
        @JsonProperty("global-daily-usd") BigDecimal globalDailyUsd,
        @JsonProperty("tenant-daily-usd") BigDecimal tenantDailyUsd,
        Map<String, BigDecimal> tenants) {

    public static final BudgetLimits NONE = new BudgetLimits(null, null, null);

    public BudgetLimits {
        tenants = tenants == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(tenants));
    }

    /** The daily ceiling of {@code tenant}, or null when it has none. */
    public BigDecimal tenantCeiling(String tenant) {
        return tenants.getOrDefault(tenant, tenantDailyUsd);
    }
}
