package dev.kortana.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./kortana} command line. */
@Command(name = "kortana", mixinStandardHelpOptions = true, version = "Kor'tana 0.1.0",
        description = "An autonomy pipeline for AI agents on Apache Camel.",
        subcommands = {RunCommand.class, ConfigCommand.class, SubmitCommand.class, StatusCommand.class, ReplayCommand.class, ApproveCommand.class,
                CancelCommand.class, ReconcileCommand.class, SmokeCommand.class, HealthReportCommand.class, MemoryCommand.class, PromptsCommand.class, AuditCommand.class, KeysCommand.class})
public final class Kortana {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with failures reported as one line rather than a stack trace. */
    public static CommandLine commandLine() {
        return new CommandLine(new Kortana()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("kortana: " + e.getMessage());
            return 1;
        });
    }
}
