package dev.kortana.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kortana memory search}: the memories of the key's tenant that best match a query, best first. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Print the memories that best match QUERY, by its words and by its meaning. Exit 0 when the search ran.")
final class MemorySearchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "QUERY")
    String query;

    @Option(names = "--limit", description = "at most this many memories, 1 to 50 (default: 10)")
    Integer limit;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "fact (the default), episode or reflection; several separated by commas")
    String kind;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String path = "/api/memories?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + (limit == null ? "" : "&limit=" + limit)
                + (kind == null ? "" : "&kind=" + URLEncoder.encode(kind, StandardCharsets.UTF_8));
        HttpResponse<String> response = address.client().get(path);
        if (response.statusCode() != 200) {
            Answers.refused(spec, response);
            return 1;
        }
        JsonNode found = Json.MAPPER.readTree(response.body());
        PrintWriter out = spec.commandLine().getOut();
        if (found.path("count").asInt() == 0) {
            out.println("Memory holds nothing that matches: " + query);
        }
        for (JsonNode hit : found.path("hits")) {
            out.printf("#%d  task %s  %s  %s  rank %.4f  quality %.2f%n", hit.path("id").asLong(), hit.path("taskId").asText(),
                    hit.path("kind").asText(), hit.path("createdAt").asText(), hit.path("rank").asDouble(),
                    hit.path("quality").asDouble(0.5));
            out.println("    " + hit.path("content").asText().replace("\n", "\n    "));
        }
        return 0;
    }
}
