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
        refused(spec, response);
        return 1;
    }

    /** Prints a refusal: the status and body, and for a missing or wrong key how this command sends one. */
    static void refused(CommandSpec spec, HttpResponse<String> response) {
        spec.commandLine().getErr().println("HTTP " + response.statusCode() + ": " + response.body());
        if (response.statusCode() == 401) {
            spec.commandLine().getErr().println("kortana: this Kor'tana needs an API key: pass --api-key KEY or export"
                    + " KORTANA_API_KEY (./kortana keys new makes one)");
        }
    }
}
