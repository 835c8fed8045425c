package dev.kortana.processors.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedKeysTest {

    @Test
    void configuredKeysAreKnownByTheirKeyIds() {
        AuditSigner.NewKeyPair one = AuditSigner.generate();
        AuditSigner.NewKeyPair two = AuditSigner.generate();

        TrustedKeys keys = TrustedKeys.parse(" " + one.publicKeyBase64() + " ,\n" + two.publicKeyBase64() + ",");

        assertThat(keys.ids()).containsExactlyInAnyOrder(one.keyId(), two.keyId());
        assertThat(TrustedKeys.parse("").ids()).isEmpty();
    }

    @Test
    void anUnreadableKeyIsRefusedNamingThePropertyAndWhichKey() {
        String good = AuditSigner.generate().publicKeyBase64();

        assertThatThrownBy(() -> TrustedKeys.parse(good + ",bm90IGEga2V5"))
                .hasMessageStartingWith("kortana.audit.trusted-keys: key 2 of 2 is not an X.509 Ed25519 public key");
    }

    @Test
    void aRegisteredKeyUnderAnotherKeysIdIsLeftOut() {
        AuditSigner.NewKeyPair honest = AuditSigner.generate();
        AuditSigner.NewKeyPair forged = AuditSigner.generate();

        TrustedKeys keys = TrustedKeys.parse("").andRegistered(Map.of(honest.keyId(), honest.publicKeyBase64(),
                "0123456789abcdef", forged.publicKeyBase64(), "fedcba9876543210", "garbage"));

        assertThat(keys.ids()).containsExactly(honest.keyId());
    }
}
