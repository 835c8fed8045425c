package dev.kortana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code ./kortana memory search|forget} against a stand-in API that records each request and gives a canned answer. */
class MemoryCommandTest {

    private final StandInApi api = new StandInApi();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void searchSendsTheQueryAndLimitAndPrintsEachHitWithItsId() {
        api.answer(200, "{\"query\":\"kafka outages\",\"count\":1,\"hits\":[{\"id\":42,\"taskId\":\"teach-kafka\",\"kind\":\"fact\","
                + "\"rank\":0.0163,\"quality\":0.62,\"content\":\"Broker 3 ran out of disk.\",\"createdAt\":\"2026-12-06T17:00:00Z\"}]}");

        assertThat(api.run("memory", "search", "kafka outages", "--limit", "3", "--kind", "fact,reflection", "--url", api.url(),
                "--api-key", "kt_acme")).isZero();

        assertThat(api.requests).containsExactly("GET /api/memories?q=kafka+outages&limit=3&kind=fact%2Creflection Bearer kt_acme");
        assertThat(api.out.toString()).contains("#42  task teach-kafka  fact  2026-12-06T17:00:00Z  rank 0.0163  quality 0.62")
                .contains("    Broker 3 ran out of disk.");
    }

    @Test
    void aSearchThatFindsNothingSaysSoAndExitsZero() {
        api.answer(200, "{\"query\":\"tulips\",\"count\":0,\"hits\":[]}");

        assertThat(api.run("memory", "search", "tulips", "--url", api.url())).isZero();

        assertThat(api.requests).containsExactly("GET /api/memories?q=tulips null");
        assertThat(api.out.toString()).contains("Memory holds nothing that matches: tulips");
    }

    @Test
    void forgetSendsADeleteAndARefusalExitsOneWithTheProblem() {
        api.answer(403, "{\"title\":\"Forbidden\",\"status\":403}");

        assertThat(api.run("memory", "forget", "42", "--url", api.url(), "--api-key", "kt_acme")).isEqualTo(1);

        assertThat(api.requests).containsExactly("DELETE /api/memories/42 Bearer kt_acme");
        assertThat(api.err.toString()).contains("HTTP 403").contains("Forbidden");
    }

    @Test
    void forgetPrintsWhatWasForgotten() {
        api.answer(200, "{\"id\":42,\"taskId\":\"teach-kafka\",\"forgotten\":true}");

        assertThat(api.run("memory", "forget", "42", "--url", api.url())).isZero();

        assertThat(api.out.toString()).contains("\"forgotten\" : true");
    }

    @Test
    void forgetByTaskNamesTheTaskAndTenantAndForgetWithNothingNamedIsAUsageError() {
        api.answer(200, "{\"tenant\":\"acme\",\"taskId\":\"t-1\",\"memories\":2,\"ids\":[4,5]}");

        assertThat(api.run("memory", "forget", "--task", "t 1", "--tenant", "acme", "--url", api.url())).isZero();
        assertThat(api.run("memory", "forget", "--url", api.url())).isEqualTo(2);
        assertThat(api.run("memory", "forget", "42", "--task", "t-1", "--url", api.url())).as("an id or a task, not both").isEqualTo(2);

        assertThat(api.requests).containsExactly("DELETE /api/memories?task=t+1&tenant=acme null");
        assertThat(api.err.toString()).contains("name what to forget");
    }
}
