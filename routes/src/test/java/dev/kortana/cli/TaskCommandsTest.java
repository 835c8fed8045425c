package dev.kortana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./kortana status|cancel|approve TASK_ID [--tenant T]} against a stand-in API that records each request: task ids
 * are per tenant, so an admin names the tenant, and the id is sent as one path segment whatever it holds.
 */
class TaskCommandsTest {

    private final StandInApi api = new StandInApi();

    @BeforeEach
    void answerByDefault() {
        api.answer(200, "{\"taskId\":\"t-1\",\"status\":\"COMPLETED\"}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void statusNamesTheTenantWhenAskedAndOnlyThen() {
        assertThat(api.run("status", "shared-1", "--tenant", "globex", "--url", api.url())).isZero();
        assertThat(api.run("status", "shared-1", "--url", api.url())).isZero();

        assertThat(api.requests).containsExactly("GET /api/tasks/shared-1?tenant=globex null", "GET /api/tasks/shared-1 null");
        assertThat(api.out.toString()).contains("\"status\" : \"COMPLETED\"");
    }

    @Test
    void cancelAndApproveNameTheTenantToo() {
        api.answer(202, "{\"taskId\":\"shared-1\",\"status\":\"CANCELLING\"}");
        assertThat(api.run("cancel", "shared-1", "--tenant", "acme", "--url", api.url())).isZero();
        api.answer(200, "{\"taskStatus\":\"RESUMING\"}");
        assertThat(api.run("approve", "shared-1", "--tenant", "acme", "--url", api.url())).isZero();

        assertThat(api.requests).containsExactly("POST /api/tasks/shared-1/cancel?tenant=acme null",
                "POST /api/approvals/shared-1?tenant=acme null");
    }

    @Test
    void anIdIsSentAsOnePathSegment() {
        assertThat(api.run("status", "a b:c~d", "--url", api.url())).isZero();

        assertThat(api.requests).containsExactly("GET /api/tasks/a%20b%3Ac%7Ed null");
    }

    @Test
    void anAmbiguousIdIsRefusedWithTheServersFix() {
        api.answer(400, "{\"title\":\"Bad request\",\"status\":400,\"detail\":\"task id 'shared-1' is used by tenants acme, globex;"
                + " name one with ?tenant=\"}");

        assertThat(api.run("status", "shared-1", "--url", api.url())).isEqualTo(1);

        assertThat(api.err.toString()).contains("HTTP 400").contains("?tenant=");
    }
}
