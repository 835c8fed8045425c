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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kortana reconcile}: answers for a task parked AWAITING_RECONCILIATION whether the call whose outcome nobody
 * could find out took effect, after checking the target system.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Say whether the call a task waits on (AWAITING_RECONCILIATION) took effect; check the target system"
                + " first. Exit 0 when recorded.")
final class ReconcileCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TASK_ID")
    String taskId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Answer answer;

    static final class Answer {
        @Option(names = "--happened", required = true, description = "the call took effect: the step completes, the tool is not called again")
        boolean happened;

        @Option(names = "--not-happened", required = true, description = "the call did not take effect: it is sent again")
        boolean notHappened;
    }

    @Option(names = "--result", paramLabel = "JSON", description = "with --happened: what the call returned, as JSON")
    String result;

    @Option(names = "--step", description = "which step's call, when several wait")
    Integer step;

    @Option(names = "--tenant", paramLabel = "TENANT",
            description = "the task's tenant; needed with an admin key when several tenants use this id")
    String tenant;

    @Option(names = "--reviewer", description = "who checked (default: the API key's id)")
    String reviewer;

    @Option(names = "--comment", description = "what was found; kept in the audit log")
    String comment;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("happened", answer.happened);
        if (result != null) {
            if (!answer.happened) {
                throw new ParameterException(spec.commandLine(), "--result goes with --happened only");
            }
            try {
                body.set("result", Json.MAPPER.readTree(result));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ParameterException(spec.commandLine(), "--result is not JSON (" + e.getOriginalMessage()
                        + "); quote it, e.g. --result '{\"order\": 42}'");
            }
        }
        if (step != null) {
            body.put("step", step);
        }
        if (reviewer != null) {
            body.put("reviewer", reviewer);
        }
        if (comment != null) {
            body.put("comment", comment);
        }
        HttpResponse<String> response = address.client().post(TaskRef.path("/api/tasks/", taskId, "/reconciliation", tenant),
                body.toString());
        return Answers.print(spec, response, 200);
    }
}
