package dev.kortana.cli;

import dev.kortana.config.KortanaConfig;
import dev.kortana.routes.wiring.KortanaApplication;
import java.util.concurrent.Callable;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kortana run}: checks the configuration (every problem listed at once, and the start refused), then starts
 * the service and runs until stopped (Ctrl-C or SIGTERM shut it down gracefully).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Start Kor'tana: HTTP API, inbox folder, Kafka (when brokers are given) and the pipeline.")
final class RunCommand implements Callable<Integer> {

    /** Exit code of a start refused for its configuration. */
    static final int CONFIGURATION_REFUSED = 2;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        KortanaConfig config = options.load();
        ConfigOptions.checkDependencies(config);
        if (!config.problems().isEmpty()) {
            System.err.println("Kor'tana will not start. " + config.refusal());
            System.err.println("(./kortana config print --env " + config.environment() + " shows every setting and its source.)");
            return CONFIGURATION_REFUSED;
        }
        Main main = KortanaApplication.create(config);
        main.addMainListener(new ReadyBanner());
        TermSignal.completes(main);
        try {
            main.run();
            return main.getExitCode();
        } catch (Exception e) {
            System.err.println("Kor'tana could not start: " + e.getMessage());
            return 1;
        }
    }
}
