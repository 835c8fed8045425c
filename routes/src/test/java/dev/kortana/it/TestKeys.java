package dev.kortana.it;

import dev.kortana.routes.access.IssuedKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/** API keys of the integration tests, and the key file that holds their hashes. */
final class TestKeys {

    static final String ACME = "kt_acme-submitter-it-key-0000000000000000001";
    static final String GLOBEX = "kt_globex-submitter-it-key-00000000000000002";
    static final String ACME_APPROVER = "kt_acme-approver-it-key-000000000000000003";
    static final String OPS = "kt_ops-admin-it-key-0000000000000000000000004";
    /** For kortana.admin.api-key. */
    static final String BOOTSTRAP = "it-bootstrap-admin-key-0123456789";
    static final List<String> ALL = List.of(ACME, GLOBEX, ACME_APPROVER, OPS, BOOTSTRAP);

    private TestKeys() {}

    /** acme and globex submitters, an approver for acme and an admin for all tenants; returns the file's location. */
    static String writeKeyFile(Path dir) throws IOException {
        Path file = dir.resolve("api-keys.yaml");
        Files.writeString(file, "keys:\n"
                + entry("acme-ci", "acme", "submitter", ACME)
                + entry("globex-ci", "globex", "submitter", GLOBEX)
                + entry("acme-review", "acme", "approver", ACME_APPROVER)
                + entry("ops", "*", "admin", OPS));
        return "file:" + file;
    }

    private static String entry(String id, String tenant, String role, String key) {
        return "  - {id: " + id + ", tenant: \"" + tenant + "\", roles: [" + role + "], sha256: "
                + HexFormat.of().formatHex(IssuedKey.sha256(key)) + "}\n";
    }
}
