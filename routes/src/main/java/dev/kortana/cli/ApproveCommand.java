package dev.kortana.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kortana approve}: approves (or with --reject rejects) the step a parked task waits on, or a proposed prompt
 * variant ({@code prompt-NAME@VERSION}).
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve or reject the step a task waits on, or a prompt variant (prompt-NAME@VERSION); open requests:"
                + " GET /api/approvals. Exit 0 when recorded.")
final class ApproveCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TASK_ID|prompt-NAME@VERSION")
    String taskId;

    @Option(names = "--tenant", paramLabel = "TENANT",
            description = "the task's tenant; needed with an admin key when several tenants use this id")
    String tenant;

    @Option(names = "--reject", description = "reject instead of approve: the task ends REJECTED")
    boolean reject;

    @Option(names = "--reviewer", description = "who decides (default: the API key's id)")
    String reviewer;

    @Option(names = "--comment", description = "why; kept with the decision and in the audit log")
    String comment;

    @Option(names = "--step", description = "which step, when several wait")
    Integer step;

    @Option(names = "--args-hash", description = "decide only if the step still has the arguments with this hash")
    String argsHash;

    @Option(names = "--canary-share", description = "a prompt variant only: run it first for this share of the tasks (e.g. 0.1)")
    Double canaryShare;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("decision", reject ? "reject" : "approve");
        if (reviewer != null) {
            body.put("reviewer", reviewer);
        }
        if (comment != null) {
            body.put("comment", comment);
        }
        if (step != null) {
            body.put("step", step);
        }
        if (argsHash != null) {
            body.put("argsHash", argsHash);
        }
        if (canaryShare != null) {
            body.put("canaryShare", canaryShare);
        }
        HttpResponse<String> response = address.client().post(TaskRef.path("/api/approvals/", taskId, "", tenant), body.toString());
        return Answers.print(spec, response, 200);
    }
}
