package dev.kortana.cli;

import org.apache.camel.main.Main;
import sun.misc.Signal;

/**
 * SIGTERM (what Kubernetes and systemd send) completes the main run, which then stops Camel gracefully and returns, so
 * the process exits 0. Left to the JVM, SIGTERM runs Camel's shutdown hook and the process exits 143 whatever happened.
 */
final class TermSignal {

    private TermSignal() {}

    static void completes(Main main) {
        Signal.handle(new Signal("TERM"), signal -> main.completed());
    }
}
