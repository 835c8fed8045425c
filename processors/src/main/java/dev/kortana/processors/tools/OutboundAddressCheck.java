package dev.kortana.processors.tools;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The second half of the outbound HTTP check: the addresses a host resolves to. An address that is loopback,
 * unspecified (0.0.0.0/8, ::), link-local, private (10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10), shared
 * (100.64/10) or multicast is refused unless its literal with the port is itself on the allowlist
 * ({@code 127.0.0.1:8080}): allowing a name ({@code localhost:8080}) never reaches an internal address behind it.
 * IPv4-mapped, IPv4-compatible and NAT64 ({@code 64:ff9b::/96}) IPv6 addresses are judged as the IPv4 address they
 * carry. A literal host in the URL is judged the same way, without asking the resolver.
 *
 * <p>The check runs just before each request (and each redirect). The JDK HTTP client then resolves the name again
 * when it connects; the JVM's address cache ({@code networkaddress.cache.ttl}, 30 s by default) makes it get the
 * answer checked here. A DNS-rebinding window remains: if the cached answer expires between the check and the connect
 * (or the cache is turned off), the client may connect to an address that was never checked. The JDK client cannot
 * be pinned to a checked address (it will not send a {@code Host} header of our choosing), so the window is narrowed
 * to those milliseconds, not closed.
 */
public class OutboundAddressCheck {

    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private final HostAllowlist allowlist;
    private final HostResolver resolver;

    public OutboundAddressCheck(HostAllowlist allowlist, HostResolver resolver) {
        this.allowlist = allowlist;
        this.resolver = resolver;
    }

    /**
     * Throws {@link ToolFailure} unless every address the URI's host resolves to may be reached on its port, or when
     * the host does not resolve.
     */
    public void check(URI uri) {
        String host = uri.getHost();
        int port = HostAllowlist.port(uri);
        List<String> found = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        for (InetAddress address : addresses(host)) {
            // ::1 and :: are judged as themselves, not as the 0.0.0.x they would "carry".
            InetAddress judged = internalKind(address) != null ? address : carriedIpv4(address);
            String kind = internalKind(judged);
            if (kind != null && !allowlist.allowsAddress(address, port) && !allowlist.allowsAddress(judged, port)) {
                found.add(literal(address) + " (" + kind + ")");
                fixes.add(literal(judged) + ":" + port);
            }
        }
        if (!found.isEmpty()) {
            throw new ToolFailure("host " + host + ":" + port + " resolves to " + String.join(", ", found)
                    + "; allowing a name does not allow an internal address behind it: add " + String.join(" and ", fixes)
                    + " to kortana.tools.http.allowed-hosts to allow it");
        }
    }

    private List<InetAddress> addresses(String host) {
        InetAddress literal = HostAllowlist.literal(host);
        if (literal != null) {
            return List.of(literal);
        }
        try {
            InetAddress[] all = resolver.resolve(host);
            if (all == null || all.length == 0) {
                throw new UnknownHostException(host);
            }
            return Arrays.asList(all);
        } catch (UnknownHostException e) {
            throw new ToolFailure("cannot resolve host " + host);
        }
    }

    /** Why an address counts as internal, or null for a public one. */
    static String internalKind(InetAddress address) {
        byte[] b = address.getAddress();
        if (address.isAnyLocalAddress() || (address instanceof Inet4Address && b[0] == 0)) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress() || (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc)) {
            return "private";
        }
        if (address instanceof Inet4Address && b[0] == 100 && (b[1] & 0xc0) == 64) {
            return "shared 100.64/10";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        return null;
    }

    /** The IPv4 address a mapped (::ffff:a.b.c.d), compatible (::a.b.c.d) or NAT64 address carries; else itself. */
    static InetAddress carriedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        byte[] head = Arrays.copyOf(b, 12);
        boolean mapped = Arrays.equals(Arrays.copyOf(b, 10), new byte[10]) && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean carries = mapped || Arrays.equals(head, new byte[12]) || Arrays.equals(head, NAT64_PREFIX);
        try {
            return carries ? InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)) : address;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    /** How an address is written in the allowlist: {@code 10.0.0.1}, {@code [fd00:0:0:0:0:0:0:1]}. */
    static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        text = zone < 0 ? text : text.substring(0, zone);
        return address instanceof Inet6Address ? "[" + text + "]" : text;
    }
}
