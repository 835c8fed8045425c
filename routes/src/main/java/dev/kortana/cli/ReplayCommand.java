package dev.kortana.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kortana replay}: replays a dead letter; completed steps and completed tool calls are not redone. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a dead letter of a running Kor'tana (ids: GET /api/dead-letters; needs an admin key). Exit 0 when queued.")
final class ReplayCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DEAD_LETTER_ID")
    long id;

    static final class Resolution {
        @Option(names = "--assume-done", required = true,
                description = "a tool call of unknown outcome DID take effect (you checked): record it, do not call again")
        boolean done;

        @Option(names = "--assume-not-done", required = true,
                description = "a tool call of unknown outcome did NOT take effect (you checked): call it again")
        boolean notDone;
    }

    @ArgGroup(exclusive = true)
    Resolution resolution;

    @Option(names = "--admin-key", description = "older name of --api-key, kept for scripts; without either, $KORTANA_API_KEY"
            + " and then $KORTANA_ADMIN_KEY are used")
    String adminKey;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (resolution != null) {
            body.put("resolve", resolution.done ? "done" : "not-done");
        }
        ApiClient api = adminKey != null ? address.clientWith(adminKey) : address.clientOr(System.getenv("KORTANA_ADMIN_KEY"));
        HttpResponse<String> response = api.post("/api/dead-letters/" + id + "/replay", body.toString());
        return Answers.print(spec, response, 202);
    }
}
