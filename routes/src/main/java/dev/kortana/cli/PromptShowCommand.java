package dev.kortana.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kortana prompts show}: one prompt's versions with their texts, as the API answers. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print every version of prompt NAME (plan, plan-repair, summarize, reflect) with its text. Exit 0 when shown.")
final class PromptShowCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return Answers.print(spec, address.client().get("/api/prompts/" + name), 200);
    }
}
