package dev.kortana.cli;

import picocli.CommandLine.Option;

/** The {@code --url} option shared by the commands that talk to a running Kor'tana. */
final class ApiAddress {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Kor'tana's address (default: ${DEFAULT-VALUE})")
    String url;

    ApiClient client() {
        return new ApiClient(url);
    }
}
