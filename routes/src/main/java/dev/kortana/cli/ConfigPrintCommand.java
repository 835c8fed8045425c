package dev.kortana.cli;

import dev.kortana.config.KortanaConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kortana config print}: every setting as Kor'tana would start with it, where it came from, secrets masked. */
@Command(name = "print", mixinStandardHelpOptions = true,
        description = "Print the merged configuration: key = value  # source. Secrets are masked. Problems follow, if any.")
final class ConfigPrintCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KortanaConfig config = options.load();
        var out = spec.commandLine().getOut();
        out.println("# environment: " + config.environment());
        config.describe().forEach(out::println);
        if (!config.problems().isEmpty()) {
            spec.commandLine().getErr().println(config.refusal());
        }
        return 0;
    }
}
