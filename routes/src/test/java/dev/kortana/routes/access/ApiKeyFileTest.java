package dev.kortana.routes.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyFileTest {

    private static final String ACME_HASH = HexFormat.of().formatHex(IssuedKey.sha256("kt_acme"));
    private static final String OPS_HASH = HexFormat.of().formatHex(IssuedKey.sha256("kt_ops"));

    @Test
    void readsEveryKeyWithItsTenantAndRolesButNoSecret() {
        List<IssuedKey> keys = load("""
                keys:
                  - {id: acme-ci, tenant: acme, roles: [submitter, approver], sha256: %s}
                  - id: ops
                    tenant: "*"
                    roles: [ADMIN]
                    sha256: %s
                """.formatted(ACME_HASH, OPS_HASH.toUpperCase()));

        assertThat(keys).extracting(IssuedKey::principal).containsExactly(
                new Principal("acme-ci", "acme", Set.of(Role.SUBMITTER, Role.APPROVER)),
                new Principal("ops", "*", Set.of(Role.ADMIN)));
        assertThat(keys.get(1).matches(IssuedKey.sha256("kt_ops"))).isTrue();
        assertThat(keys.get(1).toString()).doesNotContain(OPS_HASH);
    }

    @Test
    void anAdminKeyIsForEveryTenant() {
        assertThatThrownBy(() -> load("keys: [{id: acme-ops, tenant: acme, roles: [admin], sha256: " + ACME_HASH + "}]"))
                .hasMessageContaining("keys[0] (id acme-ops).tenant: 'acme' with role admin: an admin manages tools, dead"
                        + " letters and the audit log of every tenant; give an admin key tenant: \"*\", or give this key roles:"
                        + " [submitter, approver] for acme only");
    }

    @Test
    void reportsEveryProblemNamingTheEntryTheFieldAndTheFix() {
        assertThatThrownBy(() -> load("""
                keys:
                  - {id: acme-ci, tenant: acme, roles: [submitter], sha256: xyz}
                  - {id: acme-ci, tenant: acme, roles: [reader], sha256: %s}
                  - {id: no-tenant, roles: [submitter], sha256: %s}
                  - {id: everyone, tenant: "*", roles: [submitter], sha256: %s}
                """.formatted(ACME_HASH, OPS_HASH, HexFormat.of().formatHex(IssuedKey.sha256("kt_x")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test-keys.yaml: 5 problem(s)")
                .hasMessageContaining("keys[0] (id acme-ci).sha256: is not 64 hex digits; put the SHA-256 of the key here")
                .hasMessageContaining("keys[1] (id acme-ci).roles: 'reader' is not a role; use submitter, approver, admin")
                .hasMessageContaining("keys[1] (id acme-ci).id: is used by keys[0] (id acme-ci) too; give every key its own id")
                .hasMessageContaining("keys[2] (id no-tenant).tenant: is missing; name the tenant")
                .hasMessageContaining("keys[3] (id everyone).tenant: \"*\" (every tenant) is only allowed with role admin");
    }

    @Test
    void refusesAKeyInClearTextTwoEntriesWithOneKeyAndBadNames() {
        assertThatThrownBy(() -> load("""
                keys:
                  - {id: a, tenant: acme, roles: [submitter], sha256: %1$s, key: kt_acme}
                  - {id: b, tenant: Acme Corp, roles: [submitter], sha256: %1$s}
                  - {id: "-c", tenant: acme, roles: [], sha256: %2$s}
                """.formatted(ACME_HASH, OPS_HASH)))
                .hasMessageContaining("keys[0] (id a).key: holds a key in clear text; delete it")
                .hasMessageContaining("keys[1] (id b).sha256: is the same key as keys[0] (id a)")
                .hasMessageContaining("keys[1] (id b).tenant: 'Acme Corp' is not a tenant name")
                .hasMessageContaining("keys[2] (id -c).id: '-c' is not a key id")
                .hasMessageContaining("keys[2] (id -c).roles: is missing")
                .hasMessageNotContaining("kt_acme");
    }

    @Test
    void anEmptyFileOrOneWithoutKeysSaysWhatToAdd() {
        assertThatThrownBy(() -> load("")).hasMessageContaining("test-keys.yaml: no keys under 'keys:'");
        assertThatThrownBy(() -> load("keys: []")).hasMessageContaining("./kortana keys new");
        assertThatThrownBy(() -> load("keys: [\n")).hasMessageContaining("test-keys.yaml: not readable as YAML");
        assertThatThrownBy(() -> load("keys:\n  - {id: ops, tenant: *, roles: [admin], sha256: " + OPS_HASH + "}"))
                .hasMessageContaining("tenant: \"*\"");
    }

    @Test
    void theBootstrapAdminIdIsReserved() {
        assertThatThrownBy(() -> load("keys: [{id: bootstrap-admin, tenant: '*', roles: [admin], sha256: " + OPS_HASH + "}]"))
                .hasMessageContaining("is the id of kortana.admin.api-key");
    }

    private static List<IssuedKey> load(String yaml) {
        return ApiKeyFile.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test-keys.yaml");
    }
}
