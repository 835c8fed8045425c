package dev.kortana.routes.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.it.TestDatabase;
import dev.kortana.processors.audit.AuditSigner;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.Migrations;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.api.AuditApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The audit wiring from kortana.audit.* properties, on real PostgreSQL. */
class AuditWiringIT {

    @TempDir
    Path dataDir;

    private final String schema = TestDatabase.newSchema();
    private final Resources resources = new Resources();
    private Database db;

    @BeforeEach
    void migrate() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(TestDatabase.url());
        dataSource.setCurrentSchema(schema);
        Migrations.migrate(dataSource, schema);
        db = new Database(dataSource);
        resources.start();
    }

    @AfterEach
    void drop() {
        resources.stop(); // closes the audit log, as when Camel stops
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aConfiguredKeySignsTheLogAndTheBoundApiVerifiesIt() throws Exception {
        AuditSigner.NewKeyPair pair = AuditSigner.generate();
        CamelContext context = context(Map.of("kortana.audit.private-key", pair.privateKeyBase64(),
                "kortana.audit.public-key", pair.publicKeyBase64(), "kortana.audit.accept-db-keys", "false"));

        AuditTrail audit = AuditWiring.start(context, db, dataDir, ApiAccess.open(), resources);
        audit.append("wired", null, "test", Map.of("ok", true));
        Exchange request = new DefaultExchange(context);
        context.getRegistry().lookupByNameAndType("auditApi", AuditApi.class).verify(request);

        JsonNode answer = Json.MAPPER.readTree(request.getMessage().getBody(String.class));
        assertThat(answer.path("ok").asBoolean()).isTrue();
        assertThat(answer.path("headSeq").asLong()).isEqualTo(1);
        assertThat(answer.path("keys").toString()).isEqualTo("[\"" + pair.keyId() + "\"]");
        assertThat(context.getRegistry().lookupByName("auditTrail")).isSameAs(audit);
        assertThat(dataDir.resolve("audit")).as("no dev key with a configured one, only the anchor")
                .isDirectoryContaining(path -> path.getFileName().toString().equals("anchor"))
                .isDirectoryNotContaining(path -> path.getFileName().toString().startsWith("ed25519-dev"));
        assertThat(Files.readString(dataDir.resolve("audit/anchor"))).startsWith("1 ");
    }

    @Test
    void aFlagThatIsNotTrueOrFalseIsRefusedByName() {
        CamelContext context = context(Map.of("kortana.audit.accept-db-keys", "yes"));

        assertThatThrownBy(() -> AuditWiring.start(context, db, dataDir, ApiAccess.open(), resources))
                .hasMessage("kortana.audit.accept-db-keys=yes is not true or false");
    }

    @Test
    void aCheckpointIntervalThatIsNotMillisecondsIsRefusedByName() {
        CamelContext context = context(Map.of("kortana.audit.checkpoint-ms", "1s"));

        assertThatThrownBy(() -> AuditWiring.start(context, db, dataDir, ApiAccess.open(), resources))
                .hasMessage("kortana.audit.checkpoint-ms=1s is not a number of milliseconds, 0 or more (1000 signs a"
                        + " row besides the heads at most once a second)");
    }

    private static CamelContext context(Map<String, String> properties) {
        CamelContext context = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.putAll(properties);
        context.getPropertiesComponent().setInitialProperties(initial);
        return context;
    }
}
