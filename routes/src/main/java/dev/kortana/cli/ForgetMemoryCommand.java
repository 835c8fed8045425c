package dev.kortana.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kortana memory forget}: removes one memory from the table and the index (an admin key; audited). */
@Command(name = "forget", mixinStandardHelpOptions = true,
        description = "Forget one memory (an id that memory search printed): needs an admin key; the audit log records it."
                + " Exit 0 when it is forgotten.")
final class ForgetMemoryCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID")
    long id;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return Answers.print(spec, address.client().delete("/api/memories/" + id), 200);
    }
}
