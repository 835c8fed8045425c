package dev.kortana.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class AdminAccessTest {

    private static final String KEY = "0123456789abcdef0123";

    @Test
    void aLoopbackBoundKortanaWithoutAKeyAcceptsLocalOperators() {
        assertThat(new AdminAccess("", "127.0.0.1").require(request(null))).isEqualTo("local-operator");
    }

    @Test
    void anyOtherBindWithoutAKeyRefusesOperatorRequestsSayingWhatToSet() {
        assertThatThrownBy(() -> new AdminAccess("", "0.0.0.0").require(request(null)))
                .asInstanceOf(type(AdminAccess.Denied.class))
                .satisfies(d -> {
                    assertThat(d.status()).isEqualTo(403);
                    assertThat(d.getMessage()).contains("KORTANA_ADMIN_KEY");
                });
    }

    @Test
    void withAKeyEveryRequestMustCarryIt() {
        AdminAccess access = new AdminAccess(KEY, "127.0.0.1");

        assertThat(access.require(request("Bearer " + KEY))).isEqualTo("admin");
        assertThatThrownBy(() -> access.require(request(null)))
                .asInstanceOf(type(AdminAccess.Denied.class)).extracting(AdminAccess.Denied::status).isEqualTo(401);
        assertThatThrownBy(() -> access.require(request("Bearer " + KEY + "x")))
                .asInstanceOf(type(AdminAccess.Denied.class)).extracting(AdminAccess.Denied::status).isEqualTo(401);
        assertThatThrownBy(() -> access.require(request(KEY)))
                .as("the key without the Bearer scheme").isInstanceOf(AdminAccess.Denied.class);
    }

    private static Exchange request(String authorization) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        if (authorization != null) {
            exchange.getMessage().setHeader("Authorization", authorization);
        }
        return exchange;
    }
}
