package dev.kortana.routes.access;

import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.routes.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who calls the HTTP API, and whether they may. A caller presents an API key as {@code Authorization: Bearer <key>};
 * the server keeps only SHA-256 hashes of its keys ({@code kortana.auth.keys-file}, plus {@code kortana.admin.api-key}
 * as an admin for every tenant) and compares hashes in constant time. A Kor'tana without keys lets every caller in
 * as {@link Principal#localOperator()}; {@link #from} allows that only on a loopback address in the local environment.
 */
public class ApiAccess {

    /** The name this is bound under; {@code ApiGuard} finds it there. */
    public static final String BEAN = "apiAccess";

    private static final Logger LOG = LoggerFactory.getLogger(ApiAccess.class);
    private static final String AUTHORIZATION = "Authorization";

    /** The request may not do this: {@link #status()} 401 (no or unknown key) or 403 (not allowed). */
    public static class Denied extends RuntimeException {
        private final int status;
        private final transient List<FieldProblem> problems;

        /** A refusal naming the field at fault ({@code Authorization}, or a body field such as {@code /tenant}) and the fix. */
        public Denied(int status, String message, FieldProblem problem) {
            super(message, null, false, false); // refusals are routine: no stack trace
            this.status = status;
            this.problems = problem == null ? List.of() : List.of(problem);
        }

        /** A refusal whose message says it all. */
        public Denied(int status, String message) {
            this(status, message, null);
        }

        public int status() {
            return status;
        }

        /** The field at fault ({@code Authorization}, or a field of the body) with the fix. */
        public List<FieldProblem> problems() {
            return problems;
        }

        public static Denied forbidden(String message, FieldProblem problem) {
            return new Denied(403, message, problem);
        }
    }

    private final List<IssuedKey> keys;

    private ApiAccess(List<IssuedKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** No keys: every caller is the local operator. Only for a loopback-bound local run (see {@link #from}). */
    public static ApiAccess open() {
        return new ApiAccess(List.of());
    }

    /** Every request must present one of these keys; two entries may not share a key. */
    public static ApiAccess withKeys(List<IssuedKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys given; use ApiAccess.open() for a Kor'tana without keys");
        }
        Map<String, String> owners = new HashMap<>();
        for (IssuedKey key : keys) {
            String other = owners.putIfAbsent(key.hex(), key.keyId());
            if (other != null) {
                throw new IllegalArgumentException("keys '" + other + "' and '" + key.keyId() + "' are the same key"
                        + (key.keyId().equals(IssuedKey.BOOTSTRAP_ADMIN_ID) ? " (KORTANA_ADMIN_KEY)" : "")
                        + "; give every key its own secret");
            }
        }
        return new ApiAccess(keys);
    }

    /**
     * Reads the access settings and the key file, and stops the start when the API would be open beyond this machine
     * or outside the local environment. An open API is announced with a warning.
     */
    public static ApiAccess from(CamelContext context) throws IOException {
        AccessSettings settings = AccessSettings.from(context.getPropertiesComponent());
        List<IssuedKey> keys = new ArrayList<>();
        if (!settings.keysFile().isEmpty()) {
            keys.addAll(readKeyFile(context, settings.keysFile()));
        }
        settings.bootstrapAdmin().ifPresent(keys::add);
        settings.requireKeysUnlessLocal(keys.size());
        if (keys.isEmpty()) {
            LOG.warn("No API keys ({} and KORTANA_ADMIN_KEY are empty): the API is open to every caller on this machine"
                    + " ({}), as an admin for all tenants. Configure keys before listening anywhere else.",
                    AccessSettings.KEYS_FILE, settings.bindHost());
            return open();
        }
        LOG.info("API keys required ({} environment): {}", settings.environment().label(), keys.stream()
                .map(k -> k.keyId() + " (" + k.principal().tenant() + ": " + k.roles().stream().map(Role::label)
                        .collect(Collectors.joining(",")) + ")")
                .collect(Collectors.joining(", ")));
        return withKeys(keys);
    }

    public boolean isOpen() {
        return keys.isEmpty();
    }

    public int keyCount() {
        return keys.size();
    }

    /**
     * The caller of this request, also set as the exchange property {@link Headers#PRINCIPAL}. The key is removed
     * from the message so that nothing downstream can log or forward it.
     *
     * @throws Denied 401 when keys are configured and the request has none, or one that is not known
     */
    public Principal authenticate(Exchange exchange) {
        Principal principal = isOpen() ? Principal.localOperator() : identify(exchange.getMessage().getHeader(AUTHORIZATION, String.class));
        exchange.getMessage().removeHeader(AUTHORIZATION);
        exchange.setProperty(Headers.PRINCIPAL, principal);
        return principal;
    }

    /** The caller presenting {@code authorization} (the header's value), outside a Camel exchange (a raw handler). */
    public Principal authenticate(String authorization) {
        return isOpen() ? Principal.localOperator() : identify(authorization);
    }

    /**
     * {@link #authenticate} and then the role.
     *
     * @throws Denied 401 as for authenticate, 403 when the caller does not hold {@code role}
     */
    public Principal require(Exchange exchange, Role role) {
        Principal principal = authenticate(exchange);
        if (!principal.has(role)) {
            throw Denied.forbidden("key '" + principal.keyId() + "' may not do this: it needs role " + role.label(),
                    new FieldProblem(AUTHORIZATION, "key '" + principal.keyId() + "' has roles " + principal.roles().stream()
                            .map(Role::label).toList() + ", not " + role.label(), "use a key with role " + role.label()));
        }
        return principal;
    }

    /** The caller a guard let in; fails (never opens up) when a route forgot its guard. */
    public static Principal principal(Exchange exchange) {
        Principal principal = exchange.getProperty(Headers.PRINCIPAL, Principal.class);
        if (principal == null) {
            throw new IllegalStateException("no caller on this request: the route must start with an ApiGuard");
        }
        return principal;
    }

    private Principal identify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.substring(7).isBlank()) {
            throw new Denied(401, "this API needs an API key, sent as Authorization: Bearer <key>", new FieldProblem(AUTHORIZATION,
                    authorization == null ? "is missing" : "is not a Bearer token",
                    "send Authorization: Bearer <your key>; an operator issues keys with ./kortana keys new"));
        }
        byte[] presented = IssuedKey.sha256(authorization.substring(7).trim());
        Principal found = null;
        for (IssuedKey key : keys) { // every key is compared, so the time taken does not tell which one matched
            if (key.matches(presented) && found == null) {
                found = key.principal();
            }
        }
        if (found == null) {
            throw new Denied(401, "the API key is not known", new FieldProblem(AUTHORIZATION, "the key is not one this Kor'tana knows",
                    "check the key; if it was rotated or revoked, ask an operator for a new one"));
        }
        return found;
    }

    private static List<IssuedKey> readKeyFile(CamelContext context, String location) throws IOException {
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, location)) {
            return ApiKeyFile.load(in, location);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(AccessSettings.KEYS_FILE + " = " + location + ": cannot read it (" + e.getMessage()
                    + "); check the path, written as file:/path/api-keys.yaml");
        }
    }
}
