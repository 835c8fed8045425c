package dev.kortana.cli;

import picocli.CommandLine.Option;

/** The {@code --url} and {@code --api-key} options shared by the commands that talk to a running Kor'tana. */
final class ApiAddress {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Kor'tana's address (default: ${DEFAULT-VALUE})")
    String url;

    // The description never shows the default: it is a secret.
    @Option(names = "--api-key", defaultValue = "${env:KORTANA_API_KEY}",
            description = "API key, sent as Authorization: Bearer (default: $KORTANA_API_KEY; a local Kor'tana without keys needs none)")
    String apiKey;

    ApiClient client() {
        return new ApiClient(url, apiKey);
    }

    /** A client with {@code key} when no --api-key (or $KORTANA_API_KEY) is given. */
    ApiClient clientOr(String key) {
        return new ApiClient(url, apiKey != null && !apiKey.isBlank() ? apiKey : key);
    }
}
