package dev.kortana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.audit.AuditSigner;
import dev.kortana.processors.audit.AuditVerification;
import dev.kortana.processors.audit.AuditVerification.Break;
import dev.kortana.processors.audit.AuditVerification.Kind;
import dev.kortana.routes.api.AuditApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./kortana audit} against the real audit route: exit codes, what it prints, the admin key. */
class AuditCommandTest {

    private static final String ADMIN_KEY = "s3cret-admin-key-0123";

    private AuditApiServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anIntactLogExitsZero() throws Exception {
        server = AuditApiServer.start(() -> new AuditVerification(true, 400, 400L, List.of("aaaa0000bbbb1111"), false, null), "");

        assertThat(run("audit", "verify", "--url", server.url())).isZero();
        assertThat(out.toString()).contains("Audit log intact: 400 rows, signed head at row 400, keys [\"aaaa0000bbbb1111\"]")
                .contains("configured keys only");
    }

    @Test
    void aBrokenLogExitsOnePrintingTheFirstBrokenRow() throws Exception {
        server = AuditApiServer.start(() -> new AuditVerification(false, 10, 20L, List.of("aaaa0000bbbb1111"), false,
                new Break(10, Kind.MISSING, "row 10 is missing (row 9 is followed by row 11)")), "");

        assertThat(run("audit", "verify", "--url", server.url())).isEqualTo(1);
        assertThat(out.toString()).contains("Audit log BROKEN at row 10 (missing): row 10 is missing (row 9 is followed by row 11)");
    }

    @Test
    void theAdminKeyIsSentWhenGivenAndARefusalExitsOne() throws Exception {
        server = AuditApiServer.start(() -> new AuditVerification(true, 0, null, List.of(), false, null), ADMIN_KEY);

        assertThat(run("audit", "verify", "--url", server.url(), "--admin-key", "wrong")).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 401");
        assertThat(run("audit", "verify", "--url", server.url(), "--admin-key", ADMIN_KEY)).isZero();
    }

    @Test
    void keygenPrintsAPairTheSignerAccepts(@TempDir Path dataDir) {
        assertThat(run("audit", "keygen")).isZero();

        Map<String, String> printed = Arrays.stream(out.toString().split("\n")).filter(l -> l.startsWith("KORTANA_AUDIT_"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        AuditSigner signer = AuditSigner.load(printed.get("KORTANA_AUDIT_PRIVATE_KEY"), printed.get("KORTANA_AUDIT_PUBLIC_KEY"), dataDir);
        assertThat(out.toString()).contains("signing key " + signer.keyId());
    }

    private int run(String... args) {
        CommandLine cli = Kortana.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
