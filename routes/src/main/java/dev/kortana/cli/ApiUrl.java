package dev.kortana.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Kor'tana's address as people type it: {@code HOST:PORT} (http is assumed) or {@code http(s)://HOST[:PORT][/prefix]},
 * with or without a trailing slash. Anything else is refused naming where it came from and how to write it.
 */
final class ApiUrl {

    private ApiUrl() {}

    /** The base URL without a trailing slash; {@code source} ({@code --url} or {@code KORTANA_URL}) is named in errors. */
    static String parse(String value, String source) {
        String text = value.strip();
        if (text.isEmpty()) {
            throw refused(value, source, "it is empty");
        }
        if (!text.contains("://") && text.matches("[A-Za-z][A-Za-z0-9+.-]*(:/|//).*")) { // http:/x, htp:/x, http//x; never HOST:PORT
            throw refused(value, source, "its scheme is not http:// or https://");
        }
        URI uri;
        try {
            uri = new URI(text.contains("://") ? text : "http://" + text);
        } catch (URISyntaxException e) {
            throw refused(value, source, "it is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(value, source, "the scheme is " + scheme + ", not http or https");
        }
        if (uri.getHost() == null) {
            throw refused(value, source, "it names no host (a host name holds letters, digits, '-' and '.')");
        }
        if (uri.getRawAuthority().endsWith(":")) {
            throw refused(value, source, "the port after ':' is missing");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw refused(value, source, "port " + uri.getPort() + " is not between 1 and 65535");
        }
        if (uri.getRawUserInfo() != null) {
            throw refused(value, source, "it carries a user or password; send an API key with --api-key or KORTANA_API_KEY");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw refused(value, source, "it has a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return scheme + "://" + uri.getRawAuthority() + path;
    }

    private static IllegalArgumentException refused(String value, String source, String why) {
        String example = source.startsWith("--") ? source + " 127.0.0.1:8080" : "export " + source + "=http://127.0.0.1:8080";
        return new IllegalArgumentException(source + " '" + value + "' is not an address Kor'tana can be reached at (" + why
                + "); write HOST:PORT or http(s)://HOST:PORT, e.g. " + example);
    }
}
