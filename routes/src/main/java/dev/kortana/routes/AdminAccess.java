package dev.kortana.routes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Exchange;

/**
 * Who may change what runs: registering tools and replaying dead letters need {@code kortana.admin.api-key}, sent as
 * {@code Authorization: Bearer <key>}. Without a key configured, only a Kor'tana bound to the loopback address (the
 * zero-setup local run) accepts these requests; any other bind refuses them until a key is set.
 */
public class AdminAccess {

    /** The request may not do this; {@link #status()} is 401 or 403. */
    public static class Denied extends RuntimeException {
        private final int status;

        Denied(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final byte[] key;
    private final boolean loopbackOnly;

    public AdminAccess(String adminKey, String bindHost) {
        this.key = adminKey.isBlank() ? null : adminKey.getBytes(StandardCharsets.UTF_8);
        this.loopbackOnly = isLoopback(bindHost);
    }

    public boolean keyConfigured() {
        return key != null;
    }

    /** Returns who is acting, for the records; throws {@link Denied} when the request may not. */
    public String require(Exchange exchange) {
        if (key == null) {
            if (loopbackOnly) {
                return "local-operator";
            }
            throw new Denied(403, "this Kor'tana listens beyond localhost and has no kortana.admin.api-key;"
                    + " set KORTANA_ADMIN_KEY to allow operator requests");
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (given == null) {
            throw new Denied(401, "operator requests need Authorization: Bearer <kortana.admin.api-key>");
        }
        if (!MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
            throw new Denied(401, "the admin key is wrong");
        }
        return "admin";
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
