package dev.kortana.processors.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys in the text forms Kor'tana configures and stores: base64 PKCS#8 for a private key, base64 X.509
 * (SubjectPublicKeyInfo) for a public key. PEM armour and line breaks are accepted on input. Error messages never
 * repeat the key text.
 */
final class Ed25519Keys {

    static final String ALGORITHM = "Ed25519";

    private Ed25519Keys() {}

    /** Parses a base64 PKCS#8 Ed25519 private key; the exception says why not, without the key. */
    static PrivateKey privateKey(String base64Pkcs8) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(decode(base64Pkcs8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 Ed25519 private key", e);
        }
    }

    /** Parses a base64 X.509 Ed25519 public key; the exception says why not. */
    static PublicKey publicKey(String base64X509) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(decode(base64X509)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X.509 Ed25519 public key", e);
        }
    }

    /** The key's standard encoding (PKCS#8 or X.509) in base64, one line. */
    static String base64(Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** The first 16 hex digits of the SHA-256 of the public key's X.509 encoding: how rows name their key. */
    static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Whether {@code signatureBase64} is {@code key}'s signature of the UTF-8 of {@code text}; engine is reused. */
    static boolean verifies(Signature engine, PublicKey key, String text, String signatureBase64) {
        try {
            engine.initVerify(key);
            engine.update(text.getBytes(StandardCharsets.UTF_8));
            return engine.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false; // not base64, or not a signature at all: it does not verify
        }
    }

    /** Whether the two keys are one pair: a probe signed with the private key verifies with the public key. */
    static boolean pair(PrivateKey privateKey, PublicKey publicKey) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
            byte[] probe = "kortana audit key probe".getBytes(StandardCharsets.UTF_8);
            signer.update(probe);
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signer.sign());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static Signature engine() {
        try {
            return Signature.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later is needed)", e);
        }
    }

    private static byte[] decode(String text) throws GeneralSecurityException {
        if (text == null || text.isBlank()) {
            throw new GeneralSecurityException("empty");
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not base64");
        }
    }
}
