package dev.kortana.cli;

import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.routes.access.ApiKeyFile;
import dev.kortana.routes.access.IssuedKey;
import dev.kortana.routes.access.Role;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kortana keys new}: a fresh random key (32 bytes, base64url, prefix {@code kt_}), printed once, and the key
 * file entry holding its SHA-256. Nothing is stored: the operator adds the entry and hands the key to its user.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Print a new API key (shown once) and the entry for the key file, which holds only its SHA-256.")
final class NewKeyCommand implements Callable<Integer> {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Option(names = "--id", required = true, description = "the key's name in records and logs, e.g. acme-ci")
    String id;

    @Option(names = "--tenant", required = true, description = "the tenant whose tasks the key submits and reads; \"*\" for an admin of every tenant")
    String tenant;

    @Option(names = "--role", required = true, split = ",", description = "submitter, approver, admin (comma-separated or repeated)")
    List<String> roles;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<FieldProblem> problems = new ArrayList<>();
        Set<Role> granted = ApiKeyFile.check("", id, tenant, roles, problems);
        if (!problems.isEmpty()) {
            problems.forEach(p -> spec.commandLine().getErr().println("kortana: --" + p.field().replace("roles", "role")
                    + ": " + p.problem() + "; " + p.fix()));
            return 2;
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "kt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String roleList = granted.stream().map(Role::label).collect(Collectors.joining(", "));
        PrintWriter out = spec.commandLine().getOut();
        out.println("# API key " + id + " (tenant " + tenant + "; roles " + roleList + "). It is shown only now:"
                + " Kor'tana keeps its SHA-256, never the key.");
        out.println("# Hand it to its user through a secret store; they send it as Authorization: Bearer (KORTANA_API_KEY).");
        out.println(key);
        out.println("# Add this entry under keys: in the key file (kortana.auth.keys-file), then restart Kor'tana:");
        out.println("  - {id: " + id + ", tenant: \"" + tenant + "\", roles: [" + roleList + "], sha256: "
                + HexFormat.of().formatHex(IssuedKey.sha256(key)) + "}");
        out.flush();
        return 0;
    }
}
