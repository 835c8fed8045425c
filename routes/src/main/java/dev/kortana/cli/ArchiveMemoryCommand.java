package dev.kortana.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kortana memory archive}: moves cold memories out of the table into the archive now (an admin key; audited). */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = "Archive cold memories now: those unused for --older-than (default: the configured"
                + " kortana.memory.maintenance.archive.cold-after-days) or of low quality. Needs an admin key. Prints the run;"
                + " exit 0 when it ran.")
final class ArchiveMemoryCommand implements Callable<Integer> {

    @Option(names = "--older-than", paramLabel = "AGE", description = "unused for at least this long: 90d, P90D or PT12H")
    String olderThan;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String query = olderThan == null ? "" : "?olderThan=" + URLEncoder.encode(olderThan, StandardCharsets.UTF_8);
        return Answers.print(spec, address.client().post("/api/maintenance/archive" + query, "{}"), 200);
    }
}
