package dev.kortana.routes.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

class AccessSettingsTest {

    @Test
    void theLocalRunOnLoopbackMayGoWithoutKeys() {
        AccessSettings local = settings(Environment.LOCAL, "127.0.0.1");

        assertThat(local.mayRunWithoutKeys()).isTrue();
        local.requireKeysUnlessLocal(0);
        assertThat(settings(Environment.LOCAL, "localhost").mayRunWithoutKeys()).isTrue();
    }

    @Test
    void anyOtherBindWithoutKeysStopsTheStartNamingWhatToSet() {
        assertThatThrownBy(() -> settings(Environment.LOCAL, "0.0.0.0").requireKeysUnlessLocal(0))
                .hasMessageContaining("listens on 0.0.0.0 (camel.server.host)")
                .hasMessageContaining("kortana.auth.keys-file")
                .hasMessageContaining("KORTANA_ADMIN_KEY");
        settings(Environment.LOCAL, "0.0.0.0").requireKeysUnlessLocal(1);
    }

    @Test
    void stagingAndProductionNeedKeysEvenOnLoopback() {
        assertThatThrownBy(() -> settings(Environment.PRODUCTION, "127.0.0.1").requireKeysUnlessLocal(0))
                .hasMessageContaining("runs in the production environment (kortana.environment)")
                .hasMessageContaining("kortana.auth.keys-file");
        assertThat(settings(Environment.STAGING, "127.0.0.1").mayRunWithoutKeys()).isFalse();
    }

    @Test
    void readsThePropertiesAndHashesTheAdminKeyAtOnce() {
        AccessSettings read = AccessSettings.from(properties(Map.of("kortana.environment", "Staging",
                "kortana.admin.api-key", " 0123456789abcdef0123 ", "camel.server.host", "10.0.0.5")));

        assertThat(read.environment()).isEqualTo(Environment.STAGING);
        assertThat(read.bindHost()).isEqualTo("10.0.0.5");
        assertThat(read.keysFile()).isEmpty();
        assertThat(read.bootstrapAdmin()).hasValueSatisfying(k -> assertThat(k.matches(IssuedKey.sha256("0123456789abcdef0123"))).isTrue());
        assertThat(read.toString()).doesNotContain("0123456789abcdef0123");
    }

    @Test
    void anUnknownEnvironmentOrAShortAdminKeyNamesTheProperty() {
        assertThatThrownBy(() -> AccessSettings.from(properties(Map.of("kortana.environment", "prod"))))
                .hasMessageContaining("kortana.environment (KORTANA_ENV) = 'prod' is not an environment; use one of local, staging, production");
        assertThatThrownBy(() -> AccessSettings.from(properties(Map.of("kortana.admin.api-key", "short"))))
                .hasMessageContaining("kortana.admin.api-key (KORTANA_ADMIN_KEY) is 5 characters");
    }

    private static AccessSettings settings(Environment environment, String host) {
        return new AccessSettings("", Optional.empty(), environment, host);
    }

    private static PropertiesComponent properties(Map<String, String> values) {
        Properties properties = new Properties();
        properties.putAll(values);
        PropertiesComponent component = new DefaultCamelContext().getPropertiesComponent();
        component.setOverrideProperties(properties);
        return component;
    }
}
