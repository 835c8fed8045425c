package dev.kortana.processors.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditSignerTest {

    @TempDir
    Path dataDir;

    @Test
    void aSignatureVerifiesWithThePublicKeyAndWithNothingElse() {
        AuditSigner.NewKeyPair pair = AuditSigner.generate();
        AuditSigner signer = AuditSigner.load(pair.privateKeyBase64(), pair.publicKeyBase64(), dataDir);
        Signature engine = Ed25519Keys.engine();

        String signature = signer.sign("abc123");

        assertThat(Ed25519Keys.verifies(engine, Ed25519Keys.publicKey(signer.publicKeyBase64()), "abc123", signature)).isTrue();
        assertThat(Ed25519Keys.verifies(engine, Ed25519Keys.publicKey(signer.publicKeyBase64()), "abc124", signature)).isFalse();
        assertThat(Ed25519Keys.verifies(engine, Ed25519Keys.publicKey(AuditSigner.generate().publicKeyBase64()), "abc123",
                signature)).as("another key").isFalse();
        assertThat(Ed25519Keys.verifies(engine, Ed25519Keys.publicKey(signer.publicKeyBase64()), "abc123", "not base64!"))
                .isFalse();
        assertThat(signer.devKey()).isFalse();
        assertThat(dataDir.resolve("audit")).as("a configured key writes no dev key").doesNotExist();
    }

    @Test
    void theKeyIdIsTheStartOfTheHashOfThePublicKey() {
        AuditSigner.NewKeyPair pair = AuditSigner.generate();
        AuditSigner signer = AuditSigner.load(pair.privateKeyBase64(), pair.publicKeyBase64(), dataDir);

        assertThat(signer.keyId()).matches("[0-9a-f]{16}").isEqualTo(pair.keyId());
        assertThat(signer.publicKeyBase64()).isEqualTo(pair.publicKeyBase64());
    }

    @Test
    void neitherTheSignerNorANewPairPrintsThePrivateKey() {
        AuditSigner.NewKeyPair pair = AuditSigner.generate();

        assertThat(pair.toString()).doesNotContain(pair.privateKeyBase64()).contains(pair.keyId());
        assertThat(AuditSigner.load(pair.privateKeyBase64(), pair.publicKeyBase64(), dataDir).toString())
                .doesNotContain(pair.privateKeyBase64());
    }

    @Test
    void aPrivateKeyWithoutItsPublicKeyIsRefusedNamingTheMissingProperty() {
        AuditSigner.NewKeyPair pair = AuditSigner.generate();

        assertThatThrownBy(() -> AuditSigner.load(pair.privateKeyBase64(), " ", dataDir))
                .hasMessageContaining("kortana.audit.public-key is not")
                .hasMessageContaining("./kortana audit keygen");
        assertThatThrownBy(() -> AuditSigner.load("", pair.publicKeyBase64(), dataDir))
                .hasMessageContaining("kortana.audit.private-key is not");
    }

    @Test
    void keysOfTwoDifferentPairsAreRefusedAsNotOnePair() {
        AuditSigner.NewKeyPair one = AuditSigner.generate();
        AuditSigner.NewKeyPair other = AuditSigner.generate();

        assertThatThrownBy(() -> AuditSigner.load(one.privateKeyBase64(), other.publicKeyBase64(), dataDir))
                .hasMessageContaining("kortana.audit.public-key is not the public key of kortana.audit.private-key")
                .message().doesNotContain(one.privateKeyBase64());
    }

    @Test
    void anUnreadableKeyIsRefusedNamingThePropertyWithoutRepeatingTheValue() {
        AuditSigner.NewKeyPair pair = AuditSigner.generate();
        String garbage = "c2VjcmV0LXZhbHVlLXRoYXQtaXMtbm90LWEta2V5";

        assertThatThrownBy(() -> AuditSigner.load(garbage, pair.publicKeyBase64(), dataDir))
                .hasMessageStartingWith("kortana.audit.private-key is not a base64 PKCS#8 Ed25519 key")
                .message().doesNotContain(garbage);
        assertThatThrownBy(() -> AuditSigner.load(pair.privateKeyBase64(), pair.privateKeyBase64(), dataDir))
                .as("the private key given as the public one")
                .hasMessageStartingWith("kortana.audit.public-key is not a base64 X.509 Ed25519 key")
                .message().doesNotContain(pair.privateKeyBase64());
    }

    @Test
    void pemArmourAndLineBreaksAreAccepted() {
        AuditSigner.NewKeyPair pair = AuditSigner.generate();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + pair.privateKeyBase64().substring(0, 20) + "\n"
                + pair.privateKeyBase64().substring(20) + "\n-----END PRIVATE KEY-----\n";

        assertThat(AuditSigner.load(pem, pair.publicKeyBase64(), dataDir).keyId()).isEqualTo(pair.keyId());
    }
}
