package dev.kortana.cli;

import dev.kortana.routes.Settings;
import dev.kortana.routes.access.ApiAccess;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/** Tells the user, once, where everything is when Kor'tana is up. */
final class ReadyBanner extends MainListenerSupport {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadyBanner.class);

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        Settings settings = context.getRegistry().findSingleByType(Settings.class);
        BoundAddress bound = BoundAddress.of(context);
        String base = bound.url();
        List<String> lines = new java.util.ArrayList<>();
        lines.add("  API      " + base + "/api/tasks"
                + (bound.everyAddress() ? "   (listening on every address of this machine, " + bound.host() + ")" : ""));
        lines.add("  health   " + base + "/observe/health/ready   metrics " + base + "/observe/metrics");
        lines.add("  inbox    " + settings.inbox() + "   (drop one task per *.json file)");
        lines.add("  outbox   " + settings.outbox());
        lines.add("  database " + (settings.dbUrl().isBlank() ? "embedded PostgreSQL in " + settings.dataDir().resolve("db") : settings.dbUrl().replaceAll("password=[^&]*", "password=***")));
        lines.add("  kafka    " + (settings.kafkaEnabled() ? settings.kafkaBrokers() + " (" + topics(context) + ")"
                : "off (start with --kafka-brokers HOST:PORT)"));
        lines.add("  routes   " + yourRoutes(context, settings));
        ApiAccess access = context.getRegistry().lookupByNameAndType(ApiAccess.BEAN, ApiAccess.class);
        lines.add("  access   " + (access.isOpen()
                ? "OPEN: no API keys, so every local caller is an admin (set kortana.auth.keys-file or KORTANA_ADMIN_KEY)"
                : access.keyCount() + " API key(s); send Authorization: Bearer <key> (./kortana submit --api-key)"));
        if (LogEncoder.json()) { // a log aggregator reads JSON lines only: the banner is one of them
            LOG.info("Kor'tana is ready. {}", lines.stream().map(String::strip).map(l -> l.replaceFirst("\\s+", ": "))
                    .collect(java.util.stream.Collectors.joining("; ")));
            return;
        }
        System.out.println();
        System.out.println("Kor'tana is ready.");
        lines.forEach(System.out::println);
        System.out.println();
    }



    private static String topics(CamelContext context) {
        var properties = context.getPropertiesComponent();
        return "in: " + properties.resolveProperty("kortana.kafka.tasks-topic").orElse("?")
                + ", out: " + properties.resolveProperty("kortana.kafka.outcomes-topic").orElse("?")
                + ", rejected: " + properties.resolveProperty("kortana.kafka.dlq-topic").orElse("?");
    }

    /** The operator's own YAML routes (targets of route tools), so a dropped file is seen to have loaded. */
    private static String yourRoutes(CamelContext context, Settings settings) {
        List<String> ids = context.getRoutes().stream()
                .filter(r -> r.getSourceLocation() != null && r.getSourceLocation().startsWith("file:"))
                .map(Route::getRouteId).sorted().toList();
        String folder = settings.dataDir().resolve("routes").toString();
        return ids.isEmpty() ? "none of yours (drop Camel YAML routes into " + folder + " and restart)"
                : ids.size() + " of yours from " + folder + ": " + String.join(", ", ids);
    }
}
