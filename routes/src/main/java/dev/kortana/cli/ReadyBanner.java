package dev.kortana.cli;

import dev.kortana.routes.Settings;
import dev.kortana.routes.access.ApiAccess;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/** Tells the user, once, where everything is when Kor'tana is up. */
final class ReadyBanner extends MainListenerSupport {

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        Settings settings = context.getRegistry().findSingleByType(Settings.class);
        BoundAddress bound = BoundAddress.of(context);
        String base = bound.url();
        System.out.println();
        System.out.println("Kor'tana is ready.");
        System.out.println("  API      " + base + "/api/tasks"
                + (bound.everyAddress() ? "   (listening on every address of this machine, " + bound.host() + ")" : ""));
        System.out.println("  health   " + base + "/observe/health/ready   metrics " + base + "/observe/metrics");
        System.out.println("  inbox    " + settings.inbox() + "   (drop one task per *.json file)");
        System.out.println("  outbox   " + settings.outbox());
        System.out.println("  database " + (settings.dbUrl().isBlank() ? "embedded PostgreSQL in " + settings.dataDir().resolve("db") : settings.dbUrl().replaceAll("password=[^&]*", "password=***")));
        System.out.println("  kafka    " + (settings.kafkaEnabled() ? settings.kafkaBrokers() + " (in: kortana.tasks, out: kortana.outcomes)" : "off (start with --kafka-brokers HOST:PORT)"));
        ApiAccess access = context.getRegistry().lookupByNameAndType(ApiAccess.BEAN, ApiAccess.class);
        System.out.println("  access   " + (access.isOpen()
                ? "OPEN: no API keys, so every local caller is an admin (set kortana.auth.keys-file or KORTANA_ADMIN_KEY)"
                : access.keyCount() + " API key(s); send Authorization: Bearer <key> (./kortana submit --api-key)"));
        System.out.println();
    }
}
