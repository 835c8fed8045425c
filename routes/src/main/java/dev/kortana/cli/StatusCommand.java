package dev.kortana.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kortana status}: prints a task (status, steps, outcome), optionally waiting until it has ended. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a task of a running Kor'tana. Exit 0 when COMPLETED, 1 when it failed or is unknown, 2 while it runs.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    TaskRef task;

    @Option(names = "--wait", description = "wait up to this many seconds for the task to end (default: do not wait)")
    int waitSeconds;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ApiClient api = address.client();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(waitSeconds));
        while (true) {
            HttpResponse<String> response = api.get(task.path("/api/tasks/", ""));
            if (response.statusCode() != 200) {
                Answers.refused(spec, response);
                return 1;
            }
            JsonNode view = Json.MAPPER.readTree(response.body());
            TaskStatus status = TaskStatus.valueOf(view.path("status").asText());
            if (status.isTerminal() || !Instant.now().isBefore(deadline)) {
                spec.commandLine().getOut().println(view.toPrettyString());
                return status == TaskStatus.COMPLETED ? 0 : status.isTerminal() ? 1 : 2;
            }
            TimeUnit.MILLISECONDS.sleep(200); // a CLI polling a remote API between requests
        }
    }
}
