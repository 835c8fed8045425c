package dev.kortana.routes.wiring;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Prometheus registry behind {@code /observe/metrics}, bound before Camel starts so that Camel's meters use it too,
 * with names that {@code promtool check metrics} accepts: label names in snake_case (Camel tags {@code routeId},
 * {@code camelContext}, …), a help text on every metric, and no metric whose name Prometheus' conventions refuse
 * ({@code process.cpu.time} in nanoseconds, {@code system.cpu.count}, a gauge ending in {@code _count}).
 */
final class PrometheusNames {

    /** The name camel-micrometer looks the registry up by. */
    static final String BEAN = "metricsRegistry";

    private static final Pattern CAMEL_CASE = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Set<String> DENIED = Set.of("process.cpu.time", "system.cpu.count");
    private static final Map<String, String> HELP = Map.of(
            "app.info", "What runs this process: Camel's version and runtime",
            "camel.routes.added.routes", "Routes added to the Camel context",
            "camel.routes.reloaded.routes", "Routes reloaded in the Camel context",
            "camel.routes.running.routes", "Routes running in the Camel context");

    private PrometheusNames() {
    }

    static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(filter());
        return registry;
    }

    static MeterFilter filter() {
        return new MeterFilter() {
            @Override
            public MeterFilterReply accept(Meter.Id id) {
                return DENIED.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
            }

            @Override
            public Meter.Id map(Meter.Id id) {
                Tags tags = Tags.empty();
                for (Tag tag : id.getTagsAsIterable()) {
                    tags = tags.and(snake(tag.getKey()), tag.getValue());
                }
                String help = id.getDescription() != null && !id.getDescription().isBlank() ? id.getDescription()
                        : HELP.getOrDefault(id.getName(), id.getName().replace('.', ' '));
                return new Meter.Id(id.getName(), tags, id.getBaseUnit(), help, id.getType());
            }
        };
    }

    static String snake(String key) {
        return CAMEL_CASE.matcher(key).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }
}
