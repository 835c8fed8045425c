package dev.kortana.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kortana memory}: what a running Kor'tana remembers: search, forget, archive the cold ones, restore them. */
@Command(name = "memory", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Search the memory of a running Kor'tana, forget memories, archive cold memories or restore them.",
        subcommands = {MemorySearchCommand.class, ForgetMemoryCommand.class, ArchiveMemoryCommand.class,
                RestoreMemoryCommand.class})
final class MemoryCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: kortana memory search \"QUERY\" | kortana memory forget ID"
                + " | kortana memory forget --task TASK_ID | kortana memory archive [--older-than 90d]"
                + " | kortana memory restore [--tenant T]");
    }
}
