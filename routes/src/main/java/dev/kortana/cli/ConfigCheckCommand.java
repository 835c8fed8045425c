package dev.kortana.cli;

import dev.kortana.config.KortanaConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kortana config check}: what {@code run} checks before it starts, without starting; exit 2 on any problem. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check the merged configuration as run would: schema, secrets, models/tools/policies files and,"
                + " unless --offline, that PostgreSQL and Kafka answer. Exit code 0: fine, 2: problems (all listed).")
final class ConfigCheckCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--offline", description = "do not try to reach PostgreSQL and Kafka")
    boolean offline;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KortanaConfig config = options.load();
        if (!offline) {
            ConfigOptions.checkDependencies(config);
        }
        if (!config.problems().isEmpty()) {
            spec.commandLine().getErr().println(config.refusal());
            return RunCommand.CONFIGURATION_REFUSED;
        }
        spec.commandLine().getOut().println("Configuration " + config.environment() + ": fine ("
                + config.values().size() + " settings" + (offline ? ", PostgreSQL and Kafka not asked" : "") + ").");
        return 0;
    }
}
