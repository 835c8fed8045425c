package dev.kortana.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kortana prompts rollback}: ends a prompt's canary, or brings back the version its active one replaced. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Roll prompt NAME back: its canary is retired, or else its active version gives way to the one it"
                + " replaced. Needs an admin key; audited. Exit 0 when rolled back.")
final class PromptRollbackCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--reason", description = "why; kept in the audit log")
    String reason;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        return Answers.print(spec, address.client().post("/api/prompts/" + name + "/rollback", body.toString()), 200);
    }
}
