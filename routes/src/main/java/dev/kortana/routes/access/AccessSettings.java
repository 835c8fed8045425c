package dev.kortana.routes.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Settings of API authentication, read once at start-up. The admin key is hashed as it is read and not kept.
 *
 * @param keysFile       {@code kortana.auth.keys-file}: location of the key file; empty for none
 * @param bootstrapAdmin {@code kortana.admin.api-key} ({@code KORTANA_ADMIN_KEY}) as a key, when set
 * @param environment    {@code kortana.environment} ({@code KORTANA_ENV})
 * @param bindHost       {@code camel.server.host}: the address the API listens on
 */
record AccessSettings(String keysFile, Optional<IssuedKey> bootstrapAdmin, Environment environment, String bindHost) {

    static final String KEYS_FILE = "kortana.auth.keys-file";
    static final String ADMIN_KEY = "kortana.admin.api-key";
    static final String ENVIRONMENT = "kortana.environment";
    static final String BIND_HOST = "camel.server.host";
    private static final int MIN_ADMIN_KEY_LENGTH = 16;

    public static AccessSettings from(PropertiesComponent p) {
        String adminKey = p.resolveProperty(ADMIN_KEY).map(String::trim).orElse("");
        if (!adminKey.isEmpty() && adminKey.length() < MIN_ADMIN_KEY_LENGTH) {
            throw new IllegalArgumentException(ADMIN_KEY + " (KORTANA_ADMIN_KEY) is " + adminKey.length()
                    + " characters; use at least " + MIN_ADMIN_KEY_LENGTH + " random characters (./kortana keys new makes one)");
        }
        return new AccessSettings(
                p.resolveProperty(KEYS_FILE).map(String::trim).orElse(""),
                adminKey.isEmpty() ? Optional.empty() : Optional.of(IssuedKey.bootstrapAdmin(adminKey)),
                Environment.parse(p.resolveProperty(ENVIRONMENT).orElse("local")),
                p.resolveProperty(BIND_HOST).map(String::trim).orElse("0.0.0.0"));
    }

    /** Whether the API may run without keys: only the zero-setup local run, on a loopback address. */
    public boolean mayRunWithoutKeys() {
        return environment == Environment.LOCAL && isLoopback(bindHost);
    }

    /** Stops the start when no key is configured and this is not the local run, saying what to set. */
    public void requireKeysUnlessLocal(int configuredKeys) {
        if (configuredKeys == 0 && !mayRunWithoutKeys()) {
            throw new IllegalStateException("no API keys are configured, and this Kor'tana "
                    + (isLoopback(bindHost) ? "runs in the " + environment.label() + " environment (" + ENVIRONMENT + ")"
                            : "listens on " + bindHost + " (" + BIND_HOST + "), not only on this machine")
                    + "; it would answer anyone. Set " + KEYS_FILE + " to a key file (./kortana keys new makes entries)"
                    + " or KORTANA_ADMIN_KEY (" + ADMIN_KEY + "); only a local run (" + ENVIRONMENT + "=local, "
                    + BIND_HOST + "=127.0.0.1) may go without keys");
        }
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
