package dev.kortana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ./kortana memory archive|restore} against a stand-in API that records each request and gives a canned answer. */
class MemoryArchiveCommandTest {

    private final StandInApi api = new StandInApi();

    @BeforeEach
    void answerByDefault() {
        api.answer(200, "{\"job\":\"memory-archive\",\"outcome\":\"ok\",\"counts\":{\"archived\":3,\"files\":1}}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void archivePostsWithTheAgeAndPrintsTheRun() {
        assertThat(api.run("memory", "archive", "--older-than", "30d", "--url", api.url(), "--api-key", "kt_ops")).isZero();

        assertThat(api.requests).containsExactly("POST /api/maintenance/archive?olderThan=30d Bearer kt_ops");
        assertThat(api.out.toString()).contains("\"archived\" : 3");
    }

    @Test
    void archiveWithoutAnAgeUsesTheConfiguredOne() {
        assertThat(api.run("memory", "archive", "--url", api.url())).isZero();

        assertThat(api.requests).containsExactly("POST /api/maintenance/archive null");
    }

    @Test
    void restoreNamesTheTenantAndARefusalExitsOne() {
        api.answer(409, "{\"title\":\"Already running\",\"status\":409}");

        assertThat(api.run("memory", "restore", "--tenant", "acme", "--url", api.url(), "--api-key", "kt_ops")).isEqualTo(1);

        assertThat(api.requests).containsExactly("POST /api/maintenance/restore?tenant=acme Bearer kt_ops");
        assertThat(api.err.toString()).contains("HTTP 409").contains("Already running");
    }
}
