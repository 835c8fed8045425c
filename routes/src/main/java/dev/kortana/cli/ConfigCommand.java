package dev.kortana.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kortana config}: the merged configuration, shown or checked, without starting anything. */
@Command(name = "config", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Show the merged configuration with the source of every value (secrets masked), or check it.",
        subcommands = {ConfigPrintCommand.class, ConfigCheckCommand.class})
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: kortana config print | check  [--env ENV] [--config FILE]");
    }
}
