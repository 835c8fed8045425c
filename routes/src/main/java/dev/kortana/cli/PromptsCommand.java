package dev.kortana.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kortana prompts}: the prompt versions of a running Kor'tana, proposing a variant, rolling one back. */
@Command(name = "prompts", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "List and show prompt versions with their statistics, propose a variant (approve it with"
                + " kortana approve prompt-NAME@VERSION), roll back.",
        subcommands = {PromptListCommand.class, PromptShowCommand.class, PromptProposeCommand.class, PromptRollbackCommand.class})
final class PromptsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "name a command: kortana prompts list | show NAME | propose NAME --file F --reason R | rollback NAME");
    }
}
