package dev.kortana.routes.api;

import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Role;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The first step of every {@code /api} route: lets the caller in through {@link ApiAccess} (bound as
 * {@value ApiAccess#BEAN}), or refuses with {@link ApiAccess.Denied}, which {@link #answerDenied} turns into the answer.
 */
public final class ApiGuard implements Processor {

    private final Role role;

    private ApiGuard(Role role) {
        this.role = role;
    }

    /** Any caller with a valid key (every role reads its own tenant's tasks). */
    public static ApiGuard anyKey() {
        return new ApiGuard(null);
    }

    /** A caller whose key holds {@code role} (an admin holds every role). */
    public static ApiGuard role(Role role) {
        return new ApiGuard(role);
    }

    @Override
    public void process(Exchange exchange) {
        ApiAccess access = exchange.getContext().getRegistry().lookupByNameAndType(ApiAccess.BEAN, ApiAccess.class);
        if (access == null) {
            throw new IllegalStateException("no " + ApiAccess.BEAN + " is bound; refusing every API request");
        }
        if (role == null) {
            access.authenticate(exchange);
        } else {
            access.require(exchange, role);
        }
    }

    /**
     * The {@code onException} answer to {@link ApiAccess.Denied}: 401 Unauthorized with {@code WWW-Authenticate: Bearer},
     * or 403 Forbidden, as problem+json naming the field and the fix and nothing about any task.
     */
    public static void answerDenied(Exchange exchange) {
        ApiAccess.Denied denied = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiAccess.Denied.class);
        boolean unauthorized = denied.status() == 401;
        Problems.write(exchange, denied.status(), unauthorized ? "Unauthorized" : "Forbidden", denied.getMessage(), denied.problems());
        if (unauthorized) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"kortana\"");
        }
    }
}
