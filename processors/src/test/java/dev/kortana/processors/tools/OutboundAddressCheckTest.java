package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundAddressCheckTest {

    private static final URI API = URI.create("http://api.example.test:8080/v1");

    @Test
    void refusesANameResolvingToLoopbackUntilTheAddressItselfIsAllowed() throws Exception {
        HostResolver resolver = resolving(InetAddress.getByName("127.0.0.1"));

        assertThatThrownBy(() -> check("api.example.test:8080", resolver).check(API))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("host api.example.test:8080 resolves to 127.0.0.1 (loopback); allowing a name does not allow an"
                        + " internal address behind it: add 127.0.0.1:8080 to kortana.tools.http.allowed-hosts to allow it");
        assertThatCode(() -> check("api.example.test:8080,127.0.0.1:8080", resolver).check(API)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "127.0.0.2, loopback", "0.0.0.0, unspecified", "0.1.2.3, unspecified", "169.254.169.254, link-local",
        "10.1.2.3, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.1, private",
        "100.64.0.1, shared 100.64/10", "100.127.255.255, shared 100.64/10", "224.0.0.1, multicast",
        "::1, loopback", "::, unspecified", "fe80::1, link-local", "fd00::1, private", "fc00::1, private",
        "fec0::1, private", "ff02::1, multicast", "::ffff:10.0.0.1, private"})
    void refusesEveryInternalRange(String address, String kind) throws Exception {
        assertThatThrownBy(() -> check("api.example.test:8080", resolving(InetAddress.getByName(address))).check(API))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("(" + kind + ")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:2800:220:1::1"})
    void allowsPublicAddressesOfAnAllowedName(String address) throws Exception {
        HostResolver resolver = resolving(InetAddress.getByName(address));

        assertThatCode(() -> check("api.example.test:8080", resolver).check(API)).doesNotThrowAnyException();
    }

    @Test
    void refusesWhenOneOfSeveralAddressesIsInternal() throws Exception {
        HostResolver resolver = resolving(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.1"));

        assertThatThrownBy(() -> check("api.example.test:8080", resolver).check(API))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("resolves to 10.0.0.1 (private)")
                .hasMessageNotContaining("93.184.216.34");
    }

    @Test
    void judgesMappedAndNat64Ipv6AddressesAsTheIpv4AddressTheyCarry() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        byte[] nat64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 192, (byte) 168, 0, 1};
        // Inet6Address.getByAddress keeps the IPv6 form that InetAddress.getByName would quietly turn into IPv4.
        HostResolver mappedLoopback = resolving(Inet6Address.getByAddress(null, mapped, -1));
        HostResolver nat64Private = resolving(Inet6Address.getByAddress(null, nat64, -1));

        assertThatThrownBy(() -> check("api.example.test:8080", mappedLoopback).check(API))
                .hasMessageContaining("(loopback)").hasMessageContaining("add 127.0.0.1:8080 ");
        assertThatThrownBy(() -> check("api.example.test:8080", nat64Private).check(API))
                .hasMessageContaining("(private)").hasMessageContaining("add 192.168.0.1:8080 ");
        assertThatCode(() -> check("api.example.test:8080,127.0.0.1:8080", mappedLoopback).check(API)).doesNotThrowAnyException();
    }

    @Test
    void namesAnIpv6AddressToAddInBrackets() throws Exception {
        assertThatThrownBy(() -> check("api.example.test:8080", resolving(InetAddress.getByName("::1"))).check(API))
                .hasMessageContaining("add [0:0:0:0:0:0:0:1]:8080 to");
        assertThatCode(() -> check("api.example.test:8080,[::1]:8080", resolving(InetAddress.getByName("::1"))).check(API))
                .doesNotThrowAnyException();
    }

    @Test
    void judgesAnAddressLiteralWithoutAskingTheResolver() {
        HostResolver failing = host -> {
            throw new AssertionError("no lookup expected for " + host);
        };
        URI literal = URI.create("http://10.0.0.1:8080/");

        assertThatCode(() -> check("10.0.0.1:8080", failing).check(literal)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("", failing).check(literal)).hasMessageContaining("add 10.0.0.1:8080 to");
        assertThatThrownBy(() -> check("10.0.0.1:9090", failing).check(literal)).hasMessageContaining("(private)");
        assertThatCode(() -> check("[::1]:8080", failing).check(URI.create("http://[0:0:0:0:0:0:0:1]:8080/")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAHostThatDoesNotResolve() {
        HostResolver nothing = host -> {
            throw new UnknownHostException(host);
        };

        assertThatThrownBy(() -> check("api.example.test:8080", nothing).check(API))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("cannot resolve host api.example.test");
    }

    private static OutboundAddressCheck check(String allowedHosts, HostResolver resolver) {
        return new OutboundAddressCheck(HostAllowlist.parse(allowedHosts), resolver);
    }

    private static HostResolver resolving(InetAddress... addresses) {
        return host -> {
            if (!host.equals("api.example.test")) {
                throw new UnknownHostException(host);
            }
            return addresses;
        };
    }
}
