package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolBreakersTest {

    private final ToolBreakers breakers = new ToolBreakers(new ToolBreakers.Settings(50, 2, 4, Duration.ofSeconds(10), 1),
            Clock.systemUTC());
    private final ToolSpec http = new ToolSpec("http.request", "http", "fetch", null, null, null, null, null, false);
    private final ToolSpec route = new ToolSpec("inventory", "route", "stock", null, null, null, null, null, true);

    @Test
    void anHttpToolHasABreakerPerHostAndPortAndOtherToolsOneEach() {
        assertThat(ToolBreakers.circuit(http, call("https://shop.example/orders"))).isEqualTo("http.request@shop.example:443");
        assertThat(ToolBreakers.circuit(http, call("http://127.0.0.1:8080/x"))).isEqualTo("http.request@127.0.0.1:8080");
        assertThat(ToolBreakers.circuit(http, call("not a url"))).isEqualTo("http.request");
        assertThat(ToolBreakers.circuit(route, call("https://shop.example/"))).isEqualTo("inventory");
    }

    @Test
    void oneHostThatIsDownOpensOnlyItsOwnBreakerAndTheToolShowsTheWorst() {
        String down = "http.request@down.example:443";
        for (int i = 0; i < 2; i++) {
            assertThat(breakers.acquire(down)).isEmpty();
            breakers.failed(down, 1_000, TransientToolFailure.unavailable("HTTP 503 from down.example", true, null, null));
        }
        assertThat(breakers.acquire("http.request@up.example:443")).isEmpty();
        breakers.succeeded("http.request@up.example:443", 1_000);

        assertThat(breakers.acquire(down)).hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10)));
        assertThat(breakers.acquire("http.request@up.example:443")).isEmpty();
        assertThat(breakers.state("http.request")).isEqualTo("OPEN");
        assertThat(breakers.openedBy("http.request")).as("the kind of failure, never its text").isEqualTo("HTTP 503");
        assertThat(breakers.state("inventory")).isEqualTo("CLOSED");
    }

    @Test
    void aCallNotMadeGivesItsPermissionBackWithoutCountingIt() {
        for (int i = 0; i < 10; i++) {
            assertThat(breakers.acquire("inventory")).isEmpty();
            breakers.released("inventory");
        }
        assertThat(breakers.state("inventory")).isEqualTo("CLOSED");
    }

    private static ToolCall call(String url) {
        return new ToolCall("t-1", "acme", 0, Map.of("url", url));
    }
}
