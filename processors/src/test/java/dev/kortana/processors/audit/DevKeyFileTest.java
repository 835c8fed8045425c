package dev.kortana.processors.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKeyFileTest {

    @TempDir
    Path dataDir;

    @Test
    void withoutAConfiguredKeyADevKeyIsCreatedOnceOwnerOnlyAndReused() throws Exception {
        AuditSigner first = AuditSigner.load(null, null, dataDir.resolve("fresh"));
        Path privateFile = dataDir.resolve("fresh/audit/ed25519-dev.pk8");

        assertThat(first.devKey()).isTrue();
        assertThat(privateFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile.getParent()))).isEqualTo("rwx------");
        assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(privateFile.resolveSibling("ed25519-dev.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        byte[] written = Files.readAllBytes(privateFile);

        AuditSigner again = AuditSigner.load("", "", dataDir.resolve("fresh"));

        assertThat(again.keyId()).isEqualTo(first.keyId());
        assertThat(Files.readAllBytes(privateFile)).as("reused, not rewritten").isEqualTo(written);
        assertThat(privateFile.getParent()).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".tmp-"));
    }

    @Test
    void aDevKeyWithoutItsPublicHalfIsRefusedSayingHowToRecover() throws Exception {
        AuditSigner.load(null, null, dataDir);
        Files.delete(dataDir.resolve("audit/ed25519-dev.pub"));

        assertThatThrownBy(() -> AuditSigner.load(null, null, dataDir))
                .hasMessageContaining("ed25519-dev.pub is missing")
                .hasMessageContaining("delete");
    }

    @Test
    void aPublicFileOfAnotherKeyIsRefused() throws Exception {
        AuditSigner.load(null, null, dataDir.resolve("a"));
        AuditSigner.load(null, null, dataDir.resolve("b"));
        Files.copy(dataDir.resolve("b/audit/ed25519-dev.pub"), dataDir.resolve("a/audit/ed25519-dev.pub"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> AuditSigner.load(null, null, dataDir.resolve("a")))
                .hasMessageContaining("is not the public key of");
    }

    @Test
    void theDevKeyFileCanBeUsedAsTheConfiguredKey() throws Exception {
        AuditSigner dev = AuditSigner.load(null, null, dataDir);

        AuditSigner configured = AuditSigner.load(Files.readString(dataDir.resolve("audit/ed25519-dev.pk8")),
                Files.readString(dataDir.resolve("audit/ed25519-dev.pub")), dataDir.resolve("unused"));

        assertThat(configured.keyId()).isEqualTo(dev.keyId());
        assertThat(configured.devKey()).isFalse();
    }
}
