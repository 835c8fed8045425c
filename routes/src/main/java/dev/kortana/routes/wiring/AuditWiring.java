package dev.kortana.routes.wiring;

import dev.kortana.processors.audit.AuditAnchor;
import dev.kortana.processors.audit.AuditSigner;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.audit.AuditVerifier;
import dev.kortana.processors.audit.PgAuditLog;
import dev.kortana.processors.audit.TrustedKeys;
import dev.kortana.processors.store.Database;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.api.AuditApi;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.apache.camel.CamelContext;

/**
 * The signed audit log from the {@code kortana.audit.*} settings: the signer, the log and the verifier, bound as
 * {@code auditTrail} and {@code auditApi}. Apart from {@link KortanaConfiguration} so that it stays one readable method.
 */
final class AuditWiring {

    static final String ACCEPT_DB_KEYS_PROPERTY = "kortana.audit.accept-db-keys";

    private AuditWiring() {}

    /**
     * Starts the audit log, closed when Camel stops (before the connection pool, which was registered earlier), binds
     * {@code auditTrail} and {@code auditApi}, and returns the log for the classes that record to it.
     *
     * @throws IllegalArgumentException naming the property when a key or setting is wrong
     */
    static AuditTrail start(CamelContext context, Database db, Path dataDir, ApiAccess access, Resources resources) {
        boolean acceptDatabaseKeys = flag(context, ACCEPT_DB_KEYS_PROPERTY);
        TrustedKeys configured = TrustedKeys.parse(property(context, TrustedKeys.PROPERTY));
        AuditSigner signer = AuditSigner.load(property(context, AuditSigner.PRIVATE_KEY_PROPERTY),
                property(context, AuditSigner.PUBLIC_KEY_PROPERTY), dataDir);
        AuditAnchor anchor = AuditAnchor.in(dataDir); // how far this instance wrote, kept outside the database
        Duration checkpoint = millis(context, PgAuditLog.CHECKPOINT_PROPERTY, PgAuditLog.DEFAULT_CHECKPOINT,
                "1000 signs a row besides the heads at most once a second");
        Duration linger = millis(context, PgAuditLog.LINGER_PROPERTY, PgAuditLog.DEFAULT_LINGER,
                "0 writes every entry at once");
        // Heads other instances signed are checked with the configured keys; only where none are configured (dev setups
        // with a dev key per instance) or registered keys are accepted anyway does a key from audit_keys do.
        boolean acceptRegistered = acceptDatabaseKeys || configured.ids().isEmpty();
        PgAuditLog log = PgAuditLog.start(db, signer, anchor, configured, acceptRegistered, checkpoint, linger,
                Clock.systemUTC());
        resources.closeOnStop(log);
        AuditVerifier verifier = new AuditVerifier(db, configured.and(signer), acceptDatabaseKeys, anchor);
        context.getRegistry().bind("auditTrail", log);
        context.getRegistry().bind("auditApi", new AuditApi(verifier::verify, access));
        return log;
    }

    private static Duration millis(CamelContext context, String key, Duration fallback, String example) {
        String value = property(context, key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long millis = Long.parseLong(value);
            if (millis >= 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException(key + "=" + value + " is not a number of milliseconds, 0 or more ("
                + example + ")");
    }

    private static String property(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).orElse("").trim();
    }

    private static boolean flag(CamelContext context, String key) {
        String value = property(context, key).toLowerCase(Locale.ROOT);
        if (!value.isEmpty() && !value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + "=" + value + " is not true or false");
        }
        return value.equals("true");
    }
}
