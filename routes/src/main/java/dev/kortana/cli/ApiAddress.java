package dev.kortana.cli;

import picocli.CommandLine.Option;

/** The {@code --url} and {@code --api-key} options shared by the commands that talk to a running Kor'tana. */
final class ApiAddress {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--url", paramLabel = "URL",
            description = "Kor'tana's address: HOST:PORT or http(s)://HOST:PORT (default: $KORTANA_URL, else " + DEFAULT_URL + ")")
    String url;

    // The description never shows the default: it is a secret.
    @Option(names = "--api-key", defaultValue = "${env:KORTANA_API_KEY}",
            description = "API key, sent as Authorization: Bearer (default: $KORTANA_API_KEY; a local Kor'tana without keys needs none)")
    String apiKey;

    ApiClient client() {
        return new ApiClient(base(), apiKey);
    }

    /** A client with {@code key} when no --api-key (or $KORTANA_API_KEY) is given. */
    ApiClient clientOr(String key) {
        return new ApiClient(base(), apiKey != null && !apiKey.isBlank() ? apiKey : key);
    }

    /** A client that sends {@code key}, whatever --api-key says. */
    ApiClient clientWith(String key) {
        return new ApiClient(base(), key);
    }

    /** --url, else $KORTANA_URL (when set and not blank), else the default local address. */
    String base() {
        if (url != null) {
            return ApiUrl.parse(url, "--url");
        }
        String fromEnvironment = System.getenv("KORTANA_URL");
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_URL : ApiUrl.parse(fromEnvironment, "KORTANA_URL");
    }
}
