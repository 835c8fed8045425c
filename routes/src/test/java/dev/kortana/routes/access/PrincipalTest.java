package dev.kortana.routes.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalTest {

    @Test
    void aSubmitterSeesOnlyItsTenantAndHoldsOnlyItsRole() {
        Principal acme = new Principal("acme-ci", "acme", Set.of(Role.SUBMITTER));

        assertThat(acme.seesTenant("acme")).isTrue();
        assertThat(acme.seesTenant("globex")).isFalse();
        assertThat(acme.has(Role.SUBMITTER)).isTrue();
        assertThat(acme.has(Role.APPROVER)).isFalse();
        assertThat(acme.has(Role.ADMIN)).isFalse();
        assertThat(acme.ownTenant()).isEqualTo("acme");
    }

    @Test
    void anAdminHoldsEveryRoleAndATenantAdminStaysInItsTenant() {
        Principal acmeAdmin = new Principal("acme-ops", "acme", Set.of(Role.ADMIN));

        assertThat(acmeAdmin.has(Role.SUBMITTER)).isTrue();
        assertThat(acmeAdmin.has(Role.APPROVER)).isTrue();
        assertThat(acmeAdmin.seesTenant("globex")).isFalse();
    }

    @Test
    void onlyAnAdminMayActForEveryTenant() {
        assertThatThrownBy(() -> new Principal("x", Principal.ALL_TENANTS, Set.of(Role.APPROVER)))
                .hasMessageContaining("only an admin");
        assertThatThrownBy(() -> new Principal("x", "acme", Set.of())).hasMessageContaining("at least one role");
    }
}
