package dev.kortana.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kortana submit}: sends one task to a running Kor'tana and prints its id. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a task to a running Kor'tana; prints the task id (exit 0) or the problem (exit 1).")
final class SubmitCommand implements Callable<Integer> {

    static final class Source {
        @Parameters(arity = "1", paramLabel = "GOAL", description = "the goal, in plain language")
        String goal;

        @Option(names = "--file", description = "a JSON file holding the whole task")
        Path file;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(names = "--id", description = "task id (makes a retry of this command safe)")
    String id;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String body;
        if (source.file != null) {
            body = Files.readString(source.file);
            if (id != null) { // --id wins over an id in the file, as it does for a goal
                if (!(Json.MAPPER.readTree(body) instanceof ObjectNode task)) {
                    throw new IllegalArgumentException(source.file + " does not hold a JSON object, so --id cannot be set in it");
                }
                task.put("id", id);
                body = task.toString();
            }
        } else {
            ObjectNode task = Json.MAPPER.createObjectNode();
            if (id != null) {
                task.put("id", id);
            }
            task.put("goal", source.goal);
            body = task.toString();
        }
        HttpResponse<String> response = address.client().post("/api/tasks", body);
        if (response.statusCode() == 202 || response.statusCode() == 200) {
            spec.commandLine().getOut().println(Json.MAPPER.readTree(response.body()).path("taskId").asText());
            return 0;
        }
        Answers.refused(spec, response);
        return 1;
    }
}
