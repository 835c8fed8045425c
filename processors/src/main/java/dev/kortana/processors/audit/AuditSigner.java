package dev.kortana.processors.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import java.util.function.Supplier;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs audit entries with this instance's Ed25519 key: the configured one ({@value #PRIVATE_KEY_PROPERTY} with
 * {@value #PUBLIC_KEY_PROPERTY}) or, when none is configured, the dev key under {@code <data-dir>/audit}. Thread-safe.
 * The private key is never logged, printed or stored anywhere else.
 */
public final class AuditSigner {

    public static final String PRIVATE_KEY_PROPERTY = "kortana.audit.private-key";
    public static final String PUBLIC_KEY_PROPERTY = "kortana.audit.public-key";

    /** A new key pair for the configuration; {@link #toString()} leaves the private key out. */
    public record NewKeyPair(String privateKeyBase64, String publicKeyBase64, String keyId) {
        @Override
        public String toString() {
            return "NewKeyPair[keyId=" + keyId + ", publicKey=" + publicKeyBase64 + "]";
        }
    }

    private final Ed25519PrivateKeyParameters privateKey;
    private final String publicKeyBase64;
    private final String keyId;
    private final boolean devKey;
    private final ThreadLocal<Ed25519Signer> engines = ThreadLocal.withInitial(Ed25519Signer::new);

    private AuditSigner(KeyPair pair, boolean devKey) {
        // Signed with Bouncy Castle's RFC 8032 code: the JDK's pure-Java EdDSA takes about 0.5 ms a signature on
        // Java 17, Bouncy Castle's about 0.03 ms, and Ed25519 being deterministic, both give the same signature.
        this.privateKey = new Ed25519PrivateKeyParameters(((EdECPrivateKey) pair.getPrivate()).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the Ed25519 private key has no encoded seed")), 0);
        this.publicKeyBase64 = Ed25519Keys.base64(pair.getPublic());
        this.keyId = Ed25519Keys.keyId(pair.getPublic());
        this.devKey = devKey;
    }

    /**
     * The signer from the configuration: both properties set, or neither (then the dev key under {@code dataDir}).
     *
     * @throws IllegalArgumentException naming the property and the fix when the keys are incomplete, unreadable, or
     *                                  not one pair
     */
    public static AuditSigner load(String privateKeyBase64, String publicKeyBase64, Path dataDir) {
        boolean hasPrivate = privateKeyBase64 != null && !privateKeyBase64.isBlank();
        boolean hasPublic = publicKeyBase64 != null && !publicKeyBase64.isBlank();
        if (!hasPrivate && !hasPublic) {
            return new AuditSigner(DevKeyFile.loadOrCreate(dataDir), true);
        }
        if (!hasPublic) {
            throw new IllegalArgumentException(PRIVATE_KEY_PROPERTY + " is set but " + PUBLIC_KEY_PROPERTY + " is not;"
                    + " set it to the public key printed with the private key by ./kortana audit keygen");
        }
        if (!hasPrivate) {
            throw new IllegalArgumentException(PUBLIC_KEY_PROPERTY + " is set but " + PRIVATE_KEY_PROPERTY + " is not;"
                    + " set KORTANA_AUDIT_PRIVATE_KEY to the private key printed with it by ./kortana audit keygen,"
                    + " or unset both to sign with the dev key");
        }
        PrivateKey privateKey = parse(PRIVATE_KEY_PROPERTY, "base64 PKCS#8", () -> Ed25519Keys.privateKey(privateKeyBase64));
        PublicKey publicKey = parse(PUBLIC_KEY_PROPERTY, "base64 X.509", () -> Ed25519Keys.publicKey(publicKeyBase64));
        if (!Ed25519Keys.pair(privateKey, publicKey)) {
            throw new IllegalArgumentException(PUBLIC_KEY_PROPERTY + " is not the public key of " + PRIVATE_KEY_PROPERTY
                    + " (a probe signed with the private key does not verify with it); set the two keys that"
                    + " ./kortana audit keygen printed together");
        }
        return new AuditSigner(new KeyPair(publicKey, privateKey), false);
    }

    /** A signer for a key pair at hand (tests, tools). */
    public static AuditSigner of(KeyPair pair) {
        if (!Ed25519Keys.pair(pair.getPrivate(), pair.getPublic())) {
            throw new IllegalArgumentException("not an Ed25519 key pair");
        }
        return new AuditSigner(pair, false);
    }

    /** A new random key pair, for {@code ./kortana audit keygen}. */
    public static NewKeyPair generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(Ed25519Keys.ALGORITHM).generateKeyPair();
            return new NewKeyPair(Ed25519Keys.base64(pair.getPrivate()), Ed25519Keys.base64(pair.getPublic()),
                    Ed25519Keys.keyId(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later is needed)", e);
        }
    }

    /** Base64 Ed25519 signature of the UTF-8 of {@code text}. */
    public String sign(String text) {
        Ed25519Signer engine = engines.get();
        engine.init(true, privateKey);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        engine.update(bytes, 0, bytes.length);
        return Base64.getEncoder().encodeToString(engine.generateSignature());
    }

    /** This signer's public key, base64 X.509: what verifiers are given to trust it. */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    /** First 16 hex digits of the SHA-256 of the public key, as rows name it. */
    public String keyId() {
        return keyId;
    }

    /** Whether this is the dev key from the data directory rather than a configured one. */
    public boolean devKey() {
        return devKey;
    }

    @Override
    public String toString() {
        return "AuditSigner[keyId=" + keyId + (devKey ? ", dev key" : "") + "]";
    }

    private static <T> T parse(String property, String form, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + " is not a " + form + " Ed25519 key (" + e.getMessage()
                    + "); use the value ./kortana audit keygen prints");
        }
    }
}
