package dev.kortana.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./kortana} command line. */
@Command(name = "kortana", mixinStandardHelpOptions = true, version = "Kor'tana 0.1.0",
        description = "An autonomy pipeline for AI agents on Apache Camel.",
        subcommands = {RunCommand.class})
public final class Kortana {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Kortana()).execute(args));
    }
}
