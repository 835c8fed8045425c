package dev.kortana.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kortana memory restore}: brings archived memories back into the table and the index (an admin key; audited). */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore archived memories, with their ids, into memory: all of them, or one tenant's."
                + " Needs an admin key. Prints the run; exit 0 when it ran.")
final class RestoreMemoryCommand implements Callable<Integer> {

    @Option(names = "--tenant", paramLabel = "TENANT", description = "only this tenant's memories (default: every tenant)")
    String tenant;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String query = tenant == null ? "" : "?tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8);
        return Answers.print(spec, address.client().post("/api/maintenance/restore" + query, "{}"), 200);
    }
}
