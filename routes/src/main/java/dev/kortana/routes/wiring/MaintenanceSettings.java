package dev.kortana.routes.wiring;

import dev.kortana.processors.maintenance.MaintenancePolicy;
import dev.kortana.routes.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The thresholds of the maintenance jobs ({@code kortana.memory.merge-similarity}, {@code kortana.memory.archive-dir}
 * and {@code kortana.memory.maintenance.*}; the periods are read by the routes); see docs/CONFIGURATION.md.
 */
record MaintenanceSettings(MaintenancePolicy policy, Path archiveDir) {

    private static final String PREFIX = "kortana.memory.maintenance.";

    static MaintenanceSettings from(CamelContext context, Path dataDir) {
        PropertiesComponent p = context.getPropertiesComponent();
        Map<String, Duration> keep = new LinkedHashMap<>();
        for (String kind : new String[] {"fact", "reflection"}) {
            keep.put(kind, days(p, "retention." + kind + "-days", "0"));
        }
        MaintenancePolicy policy = new MaintenancePolicy(
                fraction(p, "kortana.memory.merge-similarity", "0.92"),
                (int) Settings.number(p, PREFIX + "dedup-max-rows", "5000"),
                (int) Settings.number(p, PREFIX + "max-source-tasks", "20"),
                keep,
                days(p, "retention.superseded-days", "90"),
                days(p, "archive.cold-after-days", "90"),
                fraction(p, PREFIX + "archive.cold-quality", "0.2"),
                (int) Settings.number(p, PREFIX + "batch", "1000"),
                days(p, "task-history-days", "30"),
                days(p, "runs-days", "30"));
        String dir = p.resolveProperty("kortana.memory.archive-dir").map(String::trim).orElse("");
        return new MaintenanceSettings(policy, dir.isEmpty() ? dataDir.resolve("memory-archive") : Path.of(dir));
    }

    private static Duration days(PropertiesComponent p, String key, String fallback) {
        long days = Settings.number(p, PREFIX + key, fallback);
        if (days < 0) {
            throw new IllegalArgumentException(PREFIX + key + " = " + days + " must be 0 (for ever) or a number of days");
        }
        return Duration.ofDays(days);
    }

    private static double fraction(PropertiesComponent p, String key, String fallback) {
        String value = p.resolveProperty(key).map(String::trim).orElse(fallback);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = " + value + " is not a number; write e.g. " + fallback, e);
        }
    }
}
