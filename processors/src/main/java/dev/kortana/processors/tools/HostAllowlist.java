package dev.kortana.processors.tools;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hosts outbound HTTP may reach. An entry is a host ({@code api.example.com}: its default ports 80 and 443 only),
 * a suffix wildcard ({@code *.example.com}), either with an explicit port ({@code host:8443}, {@code *.example.com:8443}).
 * Empty means no host at all: outbound HTTP is denied by default. Resolved addresses are not checked yet.
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
        int port = port(uri);
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            boolean explicitPort = colon > 0 && entry.indexOf(']') < colon;
            String entryHost = explicitPort ? entry.substring(0, colon) : entry;
            boolean portMatches = explicitPort ? entry.substring(colon + 1).equals(String.valueOf(port)) : port == 80 || port == 443;
            boolean hostMatches = entryHost.equals(host) || (entryHost.startsWith("*.") && host.endsWith(entryHost.substring(1)));
            if (hostMatches && portMatches) {
                return true;
            }
        }
        return false;
    }

    /** The port a URI connects to. */
    public static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
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
        if (uri.getRawUserInfo() != null) {
            throw new ToolFailure("URLs with credentials (user:password@host) are refused; secrets do not belong in task arguments");
        }
        return uri;
    }
}
