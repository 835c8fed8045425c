package dev.kortana.routes.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.kortana.routes.Headers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiAccessTest {

    private static final String ACME_KEY = "kt_acme-submitter-key";
    private static final String ADMIN_KEY = "0123456789abcdef0123";
    private static final ApiAccess ACCESS = ApiAccess.withKeys(List.of(
            new IssuedKey(new Principal("acme-ci", "acme", Set.of(Role.SUBMITTER)), IssuedKey.sha256(ACME_KEY)),
            IssuedKey.bootstrapAdmin(ADMIN_KEY)));

    @Test
    void withoutKeysEveryCallerIsTheLocalOperator() {
        Exchange request = request(null);

        Principal principal = ApiAccess.open().require(request, Role.ADMIN);

        assertThat(principal).isEqualTo(Principal.localOperator());
        assertThat(principal.seesTenant("anyone")).isTrue();
        assertThat(request.getProperty(Headers.PRINCIPAL)).isEqualTo(principal);
    }

    @Test
    void aKnownKeyIsItsPrincipalOnTheExchangeAndLeavesTheMessage() {
        Exchange request = request("Bearer " + ACME_KEY);

        Principal principal = ACCESS.authenticate(request);

        assertThat(principal.keyId()).isEqualTo("acme-ci");
        assertThat(ApiAccess.principal(request)).isEqualTo(principal);
        assertThat(request.getMessage().getHeader("Authorization")).as("nothing downstream sees the key").isNull();
    }

    @Test
    void noKeyAWrongKeyOrAnotherSchemeIs401NamingTheAuthorizationHeader() {
        for (String authorization : new String[] {null, "Bearer " + ACME_KEY + "x", ACME_KEY, "Basic " + ACME_KEY, "Bearer  "}) {
            assertThatThrownBy(() -> ACCESS.authenticate(request(authorization)))
                    .as(String.valueOf(authorization))
                    .asInstanceOf(type(ApiAccess.Denied.class))
                    .satisfies(d -> {
                        assertThat(d.status()).isEqualTo(401);
                        assertThat(d.problems()).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("Authorization"));
                        assertThat(d.getMessage()).doesNotContain(ACME_KEY);
                    });
        }
    }

    @Test
    void aMissingRoleIs403SayingWhichRoleIsNeeded() {
        assertThatThrownBy(() -> ACCESS.require(request("bearer " + ACME_KEY), Role.ADMIN))
                .asInstanceOf(type(ApiAccess.Denied.class))
                .satisfies(d -> {
                    assertThat(d.status()).isEqualTo(403);
                    assertThat(d.problems().get(0).fix()).isEqualTo("use a key with role admin");
                });
        assertThat(ACCESS.require(request("Bearer " + ACME_KEY), Role.SUBMITTER).tenant()).isEqualTo("acme");
    }

    @Test
    void theAdminKeyIsAnAdminForEveryTenantWithEveryRole() {
        Principal admin = ACCESS.require(request("Bearer " + ADMIN_KEY), Role.APPROVER);

        assertThat(admin.keyId()).isEqualTo(IssuedKey.BOOTSTRAP_ADMIN_ID);
        assertThat(admin.has(Role.SUBMITTER)).isTrue();
        assertThat(admin.seesTenant("globex")).isTrue();
        assertThat(admin.ownTenant()).isNull();
    }

    @Test
    void twoEntriesWithTheSameKeyAreRefused() {
        assertThatThrownBy(() -> ApiAccess.withKeys(List.of(
                new IssuedKey(new Principal("ops", "*", Set.of(Role.ADMIN)), IssuedKey.sha256(ADMIN_KEY)),
                IssuedKey.bootstrapAdmin(ADMIN_KEY))))
                .hasMessageContaining("'ops' and 'bootstrap-admin' are the same key (KORTANA_ADMIN_KEY)");
    }

    @Test
    void aRouteWithoutAGuardHasNoCallerAndFailsClosed() {
        assertThatThrownBy(() -> ApiAccess.principal(request(null))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fromReadsTheKeyFileAndTheAdminKey(@TempDir Path etc) throws Exception {
        Path file = Files.writeString(etc.resolve("api-keys.yaml"), "keys: [{id: acme-ci, tenant: acme, roles: [submitter], sha256: "
                + HexFormat.of().formatHex(IssuedKey.sha256(ACME_KEY)) + "}]");

        ApiAccess access = ApiAccess.from(context(Map.of("kortana.auth.keys-file", "file:" + file,
                "kortana.admin.api-key", ADMIN_KEY, "camel.server.host", "0.0.0.0", "kortana.environment", "production")));

        assertThat(access.keyCount()).isEqualTo(2);
        assertThat(access.authenticate(request("Bearer " + ACME_KEY)).tenant()).isEqualTo("acme");
        assertThat(access.authenticate(request("Bearer " + ADMIN_KEY)).keyId()).isEqualTo(IssuedKey.BOOTSTRAP_ADMIN_ID);
    }

    @Test
    void aKeyFileThatIsNotThereStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> ApiAccess.from(context(Map.of("kortana.auth.keys-file", "file:/nonexistent/api-keys.yaml",
                "camel.server.host", "127.0.0.1"))))
                .hasMessageContaining("kortana.auth.keys-file = file:/nonexistent/api-keys.yaml: cannot read it");
    }

    @Test
    void aLocalRunWithoutKeysIsOpen() throws Exception {
        assertThat(ApiAccess.from(context(Map.of("camel.server.host", "127.0.0.1"))).isOpen()).isTrue();
    }

    private static CamelContext context(Map<String, String> properties) {
        Properties values = new Properties();
        values.putAll(properties);
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(values);
        return context;
    }

    private static Exchange request(String authorization) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        if (authorization != null) {
            exchange.getMessage().setHeader("Authorization", authorization);
        }
        return exchange;
    }
}
