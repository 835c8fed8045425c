package dev.kortana.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kortana memory forget}: removes memories from the table and the index (an admin key; audited). */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Forget one memory (an id that memory search printed), what one task taught (--task), or all a"
                + " tenant remembers (--tenant alone): needs an admin key; the audit log records it. Exit 0 when done.")
final class ForgetMemoryCommand implements Callable<Integer> {

    /** Exactly one of: an id, a task. */
    static final class What {
        @Parameters(paramLabel = "ID", arity = "0..1")
        Long id;

        @Option(names = "--task", paramLabel = "TASK_ID", description = "forget what this task taught and confirmed")
        String task;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    What what;

    @Option(names = "--tenant", paramLabel = "TENANT",
            description = "the tenant of --task (default: the default tenant); alone, forget everything it remembers")
    String tenant;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (what != null && what.id != null) {
            return Answers.print(spec, address.client().delete("/api/memories/" + what.id), 200);
        }
        String task = what == null ? null : what.task;
        if (task == null && tenant == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "name what to forget: an ID, --task TASK_ID, or --tenant TENANT for everything the tenant remembers");
        }
        StringBuilder query = new StringBuilder();
        if (task != null) {
            query.append("task=").append(encode(task));
        }
        if (tenant != null) {
            query.append(query.length() == 0 ? "" : "&").append("tenant=").append(encode(tenant));
        }
        return Answers.print(spec, address.client().delete("/api/memories?" + query), 200);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
