package dev.kortana.processors.audit;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The public keys whose signatures a verifier accepts, by key id. Immutable. */
public final class TrustedKeys {

    public static final String PROPERTY = "kortana.audit.trusted-keys";

    private final Map<String, PublicKey> byId;

    private TrustedKeys(Map<String, PublicKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    /**
     * Keys from {@value #PROPERTY}: base64 X.509 Ed25519 public keys separated by commas (blank: none).
     *
     * @throws IllegalArgumentException naming the property and which key is unreadable
     */
    public static TrustedKeys parse(String commaSeparated) {
        List<String> keys = commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            try {
                PublicKey key = Ed25519Keys.publicKey(keys.get(i));
                byId.put(Ed25519Keys.keyId(key), key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PROPERTY + ": key " + (i + 1) + " of " + keys.size() + " is "
                        + e.getMessage() + "; list the base64 public keys ./kortana audit keygen printed, comma-separated");
            }
        }
        return new TrustedKeys(byId);
    }

    /** Base64 X.509 public keys, e.g. from tests or a key list of your own. */
    public static TrustedKeys of(Collection<String> publicKeysBase64) {
        return parse(String.join(",", publicKeysBase64));
    }

    /** These keys and the signer's own. */
    public TrustedKeys and(AuditSigner signer) {
        Map<String, PublicKey> more = new LinkedHashMap<>(byId);
        more.put(signer.keyId(), Ed25519Keys.publicKey(signer.publicKeyBase64()));
        return new TrustedKeys(more);
    }

    /**
     * These keys and the registered ones (key id to base64 X.509). A registered key whose id is not its own hash, or
     * that cannot be read, is left out: rows signed with it then show as signed by an untrusted key.
     */
    TrustedKeys andRegistered(Map<String, String> registered) {
        Map<String, PublicKey> more = new LinkedHashMap<>(byId);
        registered.forEach((id, base64) -> {
            try {
                PublicKey key = Ed25519Keys.publicKey(base64);
                if (Ed25519Keys.keyId(key).equals(id)) {
                    more.putIfAbsent(id, key);
                }
            } catch (IllegalArgumentException unreadable) {
                // left out, see above
            }
        });
        return new TrustedKeys(more);
    }

    Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(keyId == null ? null : byId.get(keyId));
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}
