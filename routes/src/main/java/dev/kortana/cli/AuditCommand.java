package dev.kortana.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.audit.AuditSigner;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kortana audit}: verifies the signed audit log of a running Kor'tana, or makes a signing key. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The signed audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Keygen.class})
final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code kortana audit verify}: every row's hash and link, the signed checkpoints, and the signed head. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify the whole audit log of a running Kor'tana. Exit 0 when intact, 1 when broken"
                    + " (the first broken row is printed) or when it cannot be checked.")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--admin-key", defaultValue = "${env:KORTANA_ADMIN_KEY}",
                description = "the server's kortana.admin.api-key (default: $KORTANA_ADMIN_KEY)")
        String adminKey;

        @Mixin
        ApiAddress address;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            HttpResponse<String> response = (adminKey != null ? address.clientWith(adminKey)
                    : address.clientOr(System.getenv("KORTANA_ADMIN_KEY"))).get("/api/audit/verify");
            if (response.statusCode() != 200) {
                Answers.refused(spec, response);
                return 1;
            }
            JsonNode result = Json.MAPPER.readTree(response.body());
            PrintWriter out = spec.commandLine().getOut();
            JsonNode broken = result.path("firstBroken");
            if (result.path("ok").asBoolean(false)) {
                out.println("Audit log intact: " + result.path("rows").asLong() + " rows, signed head at row "
                        + result.path("headSeq").asText() + ", keys " + result.path("keys"));
            } else {
                out.println("Audit log BROKEN at row " + broken.path("seq").asLong() + " (" + broken.path("kind").asText()
                        + "): " + broken.path("problem").asText());
                out.println(result.path("rows").asLong() + " rows read up to there; keys " + result.path("keys"));
            }
            out.println(result.path("trust").asText());
            return result.path("ok").asBoolean(false) ? 0 : 1;
        }
    }

    /** {@code kortana audit keygen}: a new key pair for the configuration; stores nothing. */
    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Print a new Ed25519 key pair for kortana.audit.private-key and kortana.audit.public-key."
                    + " Nothing is stored.")
    static final class Keygen implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AuditSigner.NewKeyPair pair = AuditSigner.generate();
            PrintWriter out = spec.commandLine().getOut();
            out.println("# Kor'tana audit signing key " + pair.keyId());
            out.println("# The private key is a secret: give it to Kor'tana through the environment only; never commit it.");
            out.println("KORTANA_AUDIT_PRIVATE_KEY=" + pair.privateKeyBase64());
            out.println("KORTANA_AUDIT_PUBLIC_KEY=" + pair.publicKeyBase64());
            out.println("# Other instances' verifiers trust it with: kortana.audit.trusted-keys = " + pair.publicKeyBase64());
            return 0;
        }
    }
}
