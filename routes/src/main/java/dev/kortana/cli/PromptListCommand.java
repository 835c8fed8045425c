package dev.kortana.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kortana prompts list}: every prompt's versions, one line each, with status and outcome statistics. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Print every prompt version with its status and statistics. Exit 0 when listed.")
final class PromptListCommand implements Callable<Integer> {

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HttpResponse<String> response = address.client().get("/api/prompts");
        if (response.statusCode() != 200) {
            Answers.refused(spec, response);
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (JsonNode prompt : Json.MAPPER.readTree(response.body()).path("prompts")) {
            out.println(prompt.path("name").asText());
            for (JsonNode v : prompt.path("versions")) {
                JsonNode s = v.path("stats");
                out.printf("  v%-3d %-9s %-7s uses %d  ok %d  invalid %d  failed %d  $%s  %d ms/task  %s%n",
                        v.path("version").asInt(), v.path("status").asText(), v.path("source").asText(), s.path("uses").asLong(),
                        s.path("successes").asLong(), s.path("validationFailures").asLong(), s.path("failures").asLong(),
                        s.path("costUsd").asText(), s.path("meanLatencyMs").asLong(),
                        v.has("canaryShare") ? "share " + v.path("canaryShare").asDouble() : "");
            }
        }
        return 0;
    }
}
