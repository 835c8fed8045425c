package dev.kortana.processors.tools;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hosts outbound HTTP may reach. An entry is a host name ({@code api.example.com}), a suffix wildcard
 * ({@code *.example.com}) or {@code host:port}. Empty means no host at all: outbound HTTP is denied by default.
 */
public class HostAllowlist {

    private final Set<String> entries;

    public HostAllowlist(List<String> entries) {
        this.entries = entries.stream()
                .map(e -> e.trim().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public static HostAllowlist parse(String commaSeparated) {
        return new HostAllowlist(commaSeparated == null ? List.of() : List.of(commaSeparated.split(",")));
    }

    public boolean allows(URI uri) {
        if (uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        for (String entry : entries) {
            if (entry.equals(host) || entry.equals(host + ":" + port)
                    || (entry.startsWith("*.") && host.endsWith(entry.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    public Set<String> entries() {
        return entries;
    }

    /** Parses a URL argument, refusing anything but absolute http(s) URLs. */
    public static URI httpUri(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ToolFailure("'" + url + "' is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ToolFailure("'" + url + "' is not an absolute http or https URL");
        }
        return uri;
    }
}
