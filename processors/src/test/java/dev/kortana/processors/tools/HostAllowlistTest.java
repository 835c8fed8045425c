package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAllowlistTest {

    @Test
    void allowsAnExactHostOnlyOnItsDefaultPorts() {
        HostAllowlist list = HostAllowlist.parse("api.example.com");

        assertThat(list.allows(URI.create("https://api.example.com/v1"))).isTrue();
        assertThat(list.allows(URI.create("http://api.example.com/v1"))).isTrue();
        assertThat(list.allows(URI.create("http://api.example.com:8080/v1"))).isFalse();
        assertThat(list.allows(URI.create("https://www.example.com/"))).isFalse();
        assertThat(list.allows(URI.create("https://sub.api.example.com/"))).isFalse();
        assertThat(list.allows(URI.create("https://api.example.com.evil.net/"))).isFalse();
    }

    @Test
    void comparesHostsIgnoringCaseAndSurroundingSpace() {
        HostAllowlist list = HostAllowlist.parse(" API.Example.com , other.org");

        assertThat(list.allows(URI.create("https://api.EXAMPLE.com/"))).isTrue();
        assertThat(list.allows(URI.create("https://other.org/"))).isTrue();
        assertThat(list.entries()).containsExactlyInAnyOrder("api.example.com", "other.org");
    }

    @Test
    void wildcardAllowsSubdomainsButNotTheBareDomainOrLookalikes() {
        HostAllowlist list = HostAllowlist.parse("*.example.com");

        assertThat(list.allows(URI.create("https://a.example.com/"))).isTrue();
        assertThat(list.allows(URI.create("https://a.b.example.com/"))).isTrue();
        assertThat(list.allows(URI.create("https://example.com/"))).isFalse();
        assertThat(list.allows(URI.create("https://evilexample.com/"))).isFalse();
        assertThat(list.allows(URI.create("https://example.com.evil.net/"))).isFalse();
    }

    @Test
    void hostWithPortAllowsOnlyThatPort() {
        HostAllowlist list = HostAllowlist.parse("localhost:8080");

        assertThat(list.allows(URI.create("http://localhost:8080/x"))).isTrue();
        assertThat(list.allows(URI.create("http://localhost:9090/x"))).isFalse();
        assertThat(list.allows(URI.create("http://localhost/x"))).isFalse();
    }

    @Test
    void hostWithPortMatchesTheSchemeDefaultPort() {
        assertThat(HostAllowlist.parse("api.example.com:443").allows(URI.create("https://api.example.com/"))).isTrue();
        assertThat(HostAllowlist.parse("api.example.com:443").allows(URI.create("http://api.example.com/"))).isFalse();
        assertThat(HostAllowlist.parse("api.example.com:80").allows(URI.create("http://api.example.com/"))).isTrue();
    }

    @Test
    void emptyListDeniesEveryHost() {
        assertThat(HostAllowlist.parse("").allows(URI.create("https://api.example.com/"))).isFalse();
        assertThat(HostAllowlist.parse(null).allows(URI.create("https://api.example.com/"))).isFalse();
        assertThat(HostAllowlist.parse(" , ,").entries()).isEmpty();
        assertThat(new HostAllowlist(List.of()).allows(URI.create("http://localhost/"))).isFalse();
    }

    @Test
    void refusesUrlsWithCredentials() {
        assertThatThrownBy(() -> HostAllowlist.httpUri("https://api.example.com@evil.net/"))
                .isInstanceOf(ToolFailure.class).hasMessageContaining("credentials");
        assertThatThrownBy(() -> HostAllowlist.httpUri("https://user:secret@api.example.com/"))
                .isInstanceOf(ToolFailure.class).hasMessageNotContaining("user:secret");
    }

    @Test
    void matchesAWildcardWithAnExplicitPort() {
        HostAllowlist list = HostAllowlist.parse("*.example.com:8443");

        assertThat(list.allows(URI.create("https://api.example.com:8443/"))).isTrue();
        assertThat(list.allows(URI.create("https://api.example.com/"))).isFalse();
    }

    @Test
    void deniesAUriWithoutHost() {
        assertThat(HostAllowlist.parse("example.com").allows(URI.create("mailto:someone@example.com"))).isFalse();
    }

    @Test
    void parsesAnAbsoluteHttpUrl() {
        URI uri = HostAllowlist.httpUri("  https://api.example.com/v1?q=1  ");

        assertThat(uri.getHost()).isEqualTo("api.example.com");
        assertThat(uri.getScheme()).isEqualTo("https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/file", "file:///etc/passwd", "gopher://example.com", "javascript:alert(1)",
            "example.com/path", "/relative/path", "https://", "mailto:a@example.com"})
    void refusesAnythingButAbsoluteHttpUrls(String url) {
        assertThatThrownBy(() -> HostAllowlist.httpUri(url))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("http");
    }

    @Test
    void refusesMalformedUrls() {
        assertThatThrownBy(() -> HostAllowlist.httpUri("https://exa mple.com/"))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("not a valid URL");
    }

    @Test
    void allowsAnAddressOnlyThroughAnEntryNamingThatLiteral() throws Exception {
        HostAllowlist list = HostAllowlist.parse("localhost:8080,127.0.0.1:8080,10.0.0.1");

        assertThat(list.allowsAddress(InetAddress.getByName("127.0.0.1"), 8080)).isTrue();
        assertThat(list.allowsAddress(InetAddress.getByName("127.0.0.1"), 9090)).isFalse();
        assertThat(list.allowsAddress(InetAddress.getByName("127.0.0.2"), 8080)).isFalse();
        assertThat(list.allowsAddress(InetAddress.getByName("10.0.0.1"), 443)).isTrue();
        assertThat(list.allowsAddress(InetAddress.getByName("10.0.0.1"), 8080)).isFalse();
        assertThat(HostAllowlist.parse("localhost:8080").allowsAddress(InetAddress.getByName("127.0.0.1"), 8080)).isFalse();
    }

    @Test
    void matchesAnIpv6EntryWhateverWayTheAddressIsWritten() throws Exception {
        HostAllowlist list = HostAllowlist.parse("[::1]:8080,[FD00::A]:443");

        assertThat(list.allowsAddress(InetAddress.getByName("0:0:0:0:0:0:0:1"), 8080)).isTrue();
        assertThat(list.allowsAddress(InetAddress.getByName("fd00:0:0:0:0:0:0:a"), 443)).isTrue();
        assertThat(list.allows(URI.create("http://[::1]:8080/"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1:80", "[not-an-address]:80", "10.0.0.1:http", "1.2.3:80"})
    void treatsMalformedLiteralsAsMatchingNoAddress(String entry) throws Exception {
        HostAllowlist list = HostAllowlist.parse(entry);

        assertThat(list.allowsAddress(InetAddress.getByName("10.0.0.1"), 80)).isFalse();
        assertThat(list.allowsAddress(InetAddress.getByName("1.2.0.3"), 80)).isFalse();
    }
}
