package dev.kortana.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Kor'tana's address as people write it in --url and KORTANA_URL. */
class ApiUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "localhost:18080, http://localhost:18080",
            "localhost:18080/, http://localhost:18080",
            "127.0.0.1:18080, http://127.0.0.1:18080",
            "http://127.0.0.1:18080, http://127.0.0.1:18080",
            "http://127.0.0.1:18080/, http://127.0.0.1:18080",
            "HTTP://127.0.0.1:18080, http://127.0.0.1:18080",
            "https://kortana.example.com, https://kortana.example.com",
            "https://kortana.example.com/, https://kortana.example.com",
            "https://gateway.example.com/kortana/, https://gateway.example.com/kortana",
            "'  localhost:18080 ', http://localhost:18080",
            "[::1]:18080, http://[::1]:18080"})
    void acceptsAnAddressWithOrWithoutSchemeAndTrailingSlash(String written, String base) {
        assertThat(ApiUrl.parse(written, "--url")).isEqualTo(base);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "http//localhost:18080", "http:/localhost:18080", "ftp://localhost:18080", "local host:18080",
            "localhost:99999", "localhost:0", "http://:18080", "http://me:secret@localhost:18080", "localhost:18080/?x=1", "localhost:"})
    void refusesWhatIsNotAnAddressNamingTheSourceAndTheFix(String written) {
        assertThatThrownBy(() -> ApiUrl.parse(written, "KORTANA_URL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("KORTANA_URL '" + written + "' is not an address Kor'tana can be reached at (")
                .hasMessageEndingWith("write HOST:PORT or http(s)://HOST:PORT, e.g. export KORTANA_URL=http://127.0.0.1:8080");
    }

    @Test
    void aCommandGivenABadUrlSaysSoInOneLineAndExitsOne() {
        StringWriter err = new StringWriter();

        int code = Kortana.commandLine().setErr(new PrintWriter(err, true)).execute("status", "--url", "htp:/127.0.0.1:8080", "x");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("kortana: --url 'htp:/127.0.0.1:8080' is not an address Kor'tana can be"
                + " reached at (its scheme is not http:// or https://); write HOST:PORT or http(s)://HOST:PORT,"
                + " e.g. --url 127.0.0.1:8080");
    }
}
