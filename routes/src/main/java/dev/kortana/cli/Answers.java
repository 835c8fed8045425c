package dev.kortana.cli;

import dev.kortana.contracts.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import picocli.CommandLine.Model.CommandSpec;

/** How the operator commands report an API answer: the JSON pretty-printed and exit 0, or the status and body and 1. */
final class Answers {

    private Answers() {}

    static int print(CommandSpec spec, HttpResponse<String> response, int expected) throws IOException {
        if (response.statusCode() == expected) {
            spec.commandLine().getOut().println(Json.MAPPER.readTree(response.body()).toPrettyString());
            return 0;
        }
        spec.commandLine().getErr().println("HTTP " + response.statusCode() + ": " + response.body());
        return 1;
    }
}
