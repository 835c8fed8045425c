package dev.kortana.processors.tools;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Hosts outbound HTTP may reach. An entry is a host ({@code api.example.com}: its default ports 80 and 443 only),
 * a suffix wildcard ({@code *.example.com}), either with an explicit port ({@code host:8443}, {@code *.example.com:8443}).
 * An entry may also be an address literal ({@code 127.0.0.1:8080}, {@code [::1]:8080}); only such an entry lets a call
 * reach a loopback or private address (see {@link OutboundAddressCheck}). Empty means no host at all: outbound HTTP is
 * denied by default.
 */
public class HostAllowlist {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> entries;
    private final List<Entry> parsed;

    public HostAllowlist(List<String> entries) {
        this.entries = entries.stream()
                .map(e -> e.trim().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.parsed = this.entries.stream().map(Entry::parse).toList();
    }

    public static HostAllowlist parse(String commaSeparated) {
        return new HostAllowlist(commaSeparated == null ? List.of() : List.of(commaSeparated.split(",")));
    }

    /**
     * Whether the URI's host name and port are on the list. Names only, nothing is resolved: the plan-time policy
     * uses this alone; a call also runs {@link OutboundAddressCheck} on the addresses.
     */
    public boolean allows(URI uri) {
        if (uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = port(uri);
        return parsed.stream().anyMatch(e -> e.matchesName(host) && e.matchesPort(port));
    }

    /** Whether an address-literal entry names exactly this address on this port. */
    public boolean allowsAddress(InetAddress address, int port) {
        return parsed.stream().anyMatch(e -> address.equals(e.address()) && e.matchesPort(port));
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

    /**
     * The address a host written as a literal stands for ({@code 10.0.0.1}, {@code [::1]}), or null for a name.
     * Never asks DNS: a bracketed form that is not an IPv6 address fails instead of being looked up.
     */
    static InetAddress literal(String host) {
        try {
            if (host.startsWith("[") && host.endsWith("]")) {
                return InetAddress.getByName(host);
            }
            if (IPV4.matcher(host).matches()) {
                byte[] bytes = new byte[4];
                String[] octets = host.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(octets[i]);
                    if (octet > 255) {
                        return null;
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    /** One entry; {@code port} -1 means the default ports, -2 an unreadable port that matches nothing. */
    private record Entry(String host, int port, InetAddress address) {

        static Entry parse(String entry) {
            int colon = entry.lastIndexOf(':');
            boolean explicitPort = colon > 0 && entry.indexOf(']') < colon;
            String host = explicitPort ? entry.substring(0, colon) : entry;
            int port = -1;
            if (explicitPort) {
                try {
                    port = Integer.parseInt(entry.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -2;
                }
            }
            return new Entry(host, port, literal(host));
        }

        boolean matchesName(String name) {
            return host.equals(name) || (host.startsWith("*.") && name.endsWith(host.substring(1)));
        }

        boolean matchesPort(int candidate) {
            return port == -1 ? candidate == 80 || candidate == 443 : port == candidate;
        }
    }
}
