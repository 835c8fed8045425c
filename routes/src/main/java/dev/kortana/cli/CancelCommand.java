package dev.kortana.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kortana cancel}: stops a task; a running one stops before its next steps. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a task that has not ended. Exit 0 when the request is recorded.")
final class CancelCommand implements Callable<Integer> {

    @Mixin
    TaskRef task;

    @Option(names = "--reviewer", description = "who cancels (default: the API key's id)")
    String reviewer;

    @Option(names = "--comment", description = "why; kept with the task and in the audit log")
    String comment;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (reviewer != null) {
            body.put("reviewer", reviewer);
        }
        if (comment != null) {
            body.put("comment", comment);
        }
        HttpResponse<String> response = address.client().post(task.path("/api/tasks/", "/cancel"), body.toString());
        return Answers.print(spec, response, 202);
    }
}
