package dev.kortana.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kortana memory}: what a running Kor'tana remembers, searched by words and meaning, and forgetting one memory. */
@Command(name = "memory", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Search the memory of a running Kor'tana, or forget one memory.",
        subcommands = {MemorySearchCommand.class, ForgetMemoryCommand.class})
final class MemoryCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: kortana memory search \"QUERY\" | kortana memory forget ID | kortana memory forget --task TASK_ID");
    }
}
