package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances sharing one PostgreSQL enforce one limit: a tenant allowed 3 submissions gets 3 in all, whichever
 * instance it asks, and then 429 with Retry-After from both; other tenants are not affected, and a refused task sent
 * again with the same id once there is room is accepted once.
 */
class SharedRateLimitIT {

    @TempDir
    static Path first;
    @TempDir
    static Path second;

    static final String schema = TestDatabase.newSchema();
    static RunningKortana a;
    static RunningKortana b;

    @BeforeAll
    static void start() throws Exception {
        Path policies = first.resolve("policies.yaml");
        Files.writeString(policies, """
                rate-limits:
                  tenant:
                    acme: { capacity: 3, per-second: 0.01 }
                """);
        Map<String, String> config = Map.of("kortana.policy.file", policies.toString());
        a = RunningKortana.start(first, schema, config);
        b = RunningKortana.start(second, schema, config);
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
        b.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void twoInstancesShareOneTenantLimit() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        List<HttpResponse<String>> refused = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RunningKortana instance = i % 2 == 0 ? a : b;
            HttpResponse<String> answer = instance.postJson("{\"id\":\"acme-" + i + "\",\"goal\":\"note " + i + "\",\"tenant\":\"acme\"}");
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                refused.add(answer);
            }
        }

        assertThat(statuses).filteredOn(s -> s == 202).hasSize(3);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(5);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.body()).contains("acme").contains("rate-limits.tenant");
        });
        assertThat(refused.stream().map(r -> r.request().uri().getPort()).distinct()).as("both instances refused").hasSize(2);
        assertThat(a.postJson("{\"goal\":\"other tenant\",\"tenant\":\"globex\"}").statusCode()).isEqualTo(202);
        HttpResponse<String> repeat = b.postJson("{\"id\":\"acme-0\",\"goal\":\"note 0\",\"tenant\":\"acme\"}");
        assertThat(repeat.statusCode()).as("a stored task answers as before, at no cost").isEqualTo(200);
        assertThat(Json.MAPPER.readTree(repeat.body()).path("existing").asBoolean()).isTrue();
    }
}
