package dev.kortana.processors.approval;

import dev.kortana.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** The fingerprint an approval is bound to: SHA-256 over the tool name and the canonical JSON of the exact arguments. */
public final class ArgsHash {

    private ArgsHash() {}

    public static String of(String tool, Map<String, Object> args) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((tool + '\0').getBytes(StandardCharsets.UTF_8));
            sha.update(Json.canonicalBytes(args));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
