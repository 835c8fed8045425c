package dev.kortana.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kortana keys}: API keys for the key file ({@code kortana.auth.keys-file}). */
@Command(name = "keys", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Make API keys for the key file (kortana.auth.keys-file).", subcommands = NewKeyCommand.class)
final class KeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: kortana keys new --id ID --tenant TENANT --role ROLE");
    }
}
