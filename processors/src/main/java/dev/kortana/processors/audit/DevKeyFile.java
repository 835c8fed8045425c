package dev.kortana.processors.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development signing key, used when no key is configured: {@code <data-dir>/audit/ed25519-dev.pk8} (the
 * private key, PEM PKCS#8, mode 0600) and {@code ed25519-dev.pub} beside it (the public key, PEM X.509; Java 17
 * cannot derive it from the private key). Created on first start, reused afterwards.
 */
final class DevKeyFile {

    static final String PRIVATE_FILE = "ed25519-dev.pk8";
    static final String PUBLIC_FILE = "ed25519-dev.pub";

    private static final Logger LOG = LoggerFactory.getLogger(DevKeyFile.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private DevKeyFile() {}

    /** The key pair in {@code <dataDir>/audit}, created there if there is none. */
    static KeyPair loadOrCreate(Path dataDir) {
        Path dir = dataDir.resolve("audit");
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        try {
            if (Files.exists(privateFile)) {
                return load(privateFile, publicFile);
            }
            return create(dir, privateFile, publicFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit dev key in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair load(Path privateFile, Path publicFile) throws IOException {
        if (!Files.exists(publicFile)) {
            throw new IllegalStateException(publicFile + " is missing beside " + privateFile + "; restore it, or delete "
                    + privateFile + " to create a new dev key (entries signed by the old key then verify only with"
                    + " kortana.audit.accept-db-keys=true)");
        }
        if (POSIX && !Files.getPosixFilePermissions(privateFile).equals(ownerOnly())) {
            LOG.warn("{} can be read by other users; run chmod 600 on it", privateFile);
        }
        KeyPair pair;
        try {
            pair = new KeyPair(Ed25519Keys.publicKey(Files.readString(publicFile)), Ed25519Keys.privateKey(Files.readString(privateFile)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(privateFile + " or " + publicFile + " is damaged (" + e.getMessage()
                    + "); delete both to create a new dev key", e);
        }
        if (!Ed25519Keys.pair(pair.getPrivate(), pair.getPublic())) {
            throw new IllegalStateException(publicFile + " is not the public key of " + privateFile
                    + "; delete both to create a new dev key");
        }
        return pair;
    }

    private static KeyPair create(Path dir, Path privateFile, Path publicFile) throws IOException {
        Files.createDirectories(dir, POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))} : new FileAttribute<?>[0]);
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(Ed25519Keys.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519 (Java 15 or later is needed)", e);
        }
        // Public first: the private file appearing last is what makes the pair complete.
        writeAtomically(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        writeAtomically(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        LOG.warn("Created the audit dev signing key {} (key id {}); for production set kortana.audit.private-key and"
                + " kortana.audit.public-key (./kortana audit keygen)", privateFile, Ed25519Keys.keyId(pair.getPublic()));
        return pair;
    }

    /** Written to a 0600 temporary file that is then renamed, so the key is never readable by others nor half written. */
    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = POSIX ? Files.createTempFile(file.getParent(), ".tmp-", ".key", PosixFilePermissions.asFileAttribute(ownerOnly()))
                : Files.createTempFile(file.getParent(), ".tmp-", ".key");
        try {
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Set<PosixFilePermission> ownerOnly() {
        return PosixFilePermissions.fromString("rw-------");
    }
}
