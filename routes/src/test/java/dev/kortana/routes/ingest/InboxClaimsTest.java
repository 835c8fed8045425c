package dev.kortana.routes.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.store.InboxClaimStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The claims of an inbox in this instance's own data dir: kept in memory, no store touched (it has no database here). */
class InboxClaimsTest {

    private final InboxClaims claims = new InboxClaims(new InboxClaimStore(null), "node-a", Duration.ofSeconds(15), false);

    @Test
    void aPrivateInboxClaimsEachFileOnceWithoutTheStore() {
        assertThat(claims.add("a.json")).isTrue();
        assertThat(claims.add("a.json")).as("already being read here").isFalse();
        assertThat(claims.contains("a.json")).isTrue();
        assertThat(claims.renew()).isZero();

        assertThat(claims.remove("a.json")).isTrue();
        assertThat(claims.contains("a.json")).isFalse();
        assertThat(claims.add("a.json")).as("a new file of the same name").isTrue();
        claims.clear();
        assertThat(claims.contains("a.json")).isFalse();
    }
}
