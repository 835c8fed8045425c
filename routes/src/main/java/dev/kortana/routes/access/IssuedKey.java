package dev.kortana.routes.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * An API key as the server knows it: whose it is and the SHA-256 of the secret, never the secret itself.
 *
 * @param principal who presents this key
 * @param sha256    SHA-256 of the key's UTF-8 bytes (32 bytes)
 */
public record IssuedKey(Principal principal, byte[] sha256) {

    /** The id under which {@code kortana.admin.api-key} acts. */
    public static final String BOOTSTRAP_ADMIN_ID = "bootstrap-admin";

    public IssuedKey {
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("sha256 must be 32 bytes");
        }
        sha256 = sha256.clone();
    }

    /** {@code kortana.admin.api-key}: an admin for every tenant, hashed at once so the key is not kept. */
    public static IssuedKey bootstrapAdmin(String adminKey) {
        return new IssuedKey(new Principal(BOOTSTRAP_ADMIN_ID, Principal.ALL_TENANTS, EnumSet.of(Role.ADMIN)), sha256(adminKey));
    }

    /** Whether {@code presentedHash} is this key's hash, compared in constant time. */
    boolean matches(byte[] presentedHash) {
        return MessageDigest.isEqual(sha256, presentedHash);
    }

    public String keyId() {
        return principal.keyId();
    }

    public String hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** SHA-256 of a key as presented (UTF-8). */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "IssuedKey[" + principal + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IssuedKey key && principal.equals(key.principal) && MessageDigest.isEqual(sha256, key.sha256);
    }

    @Override
    public int hashCode() {
        return principal.hashCode();
    }

    /** The roles of this key, for the key file and messages. */
    public Set<Role> roles() {
        return principal.roles();
    }
}
