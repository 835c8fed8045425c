package dev.kortana.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.metrics.AutonomyMetrics;
import dev.kortana.processors.observe.Heartbeats;
import dev.kortana.processors.store.HeartbeatStore;
import dev.kortana.routes.RouteTestSupport;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.IssuedKey;
import dev.kortana.routes.access.Principal;
import dev.kortana.routes.access.Role;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /api/metrics/autonomy through its route with a real {@link AutonomyApi} over figures the test sets: every key
 * may read, within its tenant; the window and grouping are checked and named; ratios are null where nothing counts.
 */
class MetricsApiRouteTest extends RouteTestSupport {

    private static final String ACME_KEY = "kt_acme-submitter-key";
    private static final String ADMIN_KEY = "kt_the-admin-key";
    private static final ApiAccess ACCESS = ApiAccess.withKeys(List.of(
            new IssuedKey(new Principal("acme-ci", "acme", Set.of(Role.SUBMITTER)), IssuedKey.sha256(ACME_KEY)),
            new IssuedKey(new Principal("ops", Principal.ALL_TENANTS, Set.of(Role.ADMIN)), IssuedKey.sha256(ADMIN_KEY))));
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private final List<String> asked = new ArrayList<>();
    private final AutonomyMetrics metrics = new AutonomyMetrics(null) {
        @Override
        public Map<String, Figures> compute(Instant from, Instant to, String tenant, String by) {
            asked.add(from + " " + to + " " + tenant + " " + by);
            Map<String, Figures> groups = new LinkedHashMap<>();
            groups.put(by == null ? "all" : "http", new Figures(10, 9, 8, 9, 8, 2, 3, 20, 19, 1, 1));
            if (by != null) {
                groups.put("kafka", new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            }
            return groups;
        }

        @Override
        public Freshness freshness(Instant from, Instant to, String tenant) {
            return new Freshness(7, 180.4, 950.0, 1200L);
        }

        @Override
        public java.util.Optional<Smoke> lastSmoke(Instant from, Instant to, String tenant) {
            return java.util.Optional.of(new Smoke(NOW.minusSeconds(60), 412, true));
        }
    };

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind(ApiAccess.BEAN, ACCESS);
        registry.bind("autonomyApi", new AutonomyApi(metrics, Clock.fixed(NOW, ZoneOffset.UTC)));
        registry.bind("heartbeatsApi", new HeartbeatsApi(new Heartbeats(null, "n1", java.time.Duration.ofSeconds(5), java.time.Duration.ofHours(1), List::of) {
            @Override
            public List<HeartbeatStore.Row> cluster() {
                return List.of(new HeartbeatStore.Row("n1", "database", true, null, NOW, java.time.Duration.ofMillis(120)));
            }
        }));
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new MetricsApiRoute()};
    }

    @BeforeEach
    void replaceTheServer() throws Exception {
        AdviceWith.adviceWith(context, "api-autonomy-metrics", r -> r.replaceFromWith("direct:autonomy"));
        AdviceWith.adviceWith(context, "api-heartbeats", r -> r.replaceFromWith("direct:heartbeats"));
        context.start();
    }

    @Test
    void aTenantsKeyReadsItsOwnTenantsFiguresAndRatios() {
        Message answer = call(Map.of("window", "7d"), ACME_KEY);

        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        JsonNode body = json(answer);
        assertThat(body.path("tenant").asText()).isEqualTo("acme");
        assertThat(body.path("window").path("from").asText()).isEqualTo("2026-11-30T12:00:00Z");
        assertThat(body.path("tasks").asLong()).isEqualTo(10);
        assertThat(body.path("autonomyIndex").asDouble()).isEqualTo(0.8);
        assertThat(body.path("selfHealingCoverage").asDouble()).isEqualTo(0.95);
        assertThat(body.path("humanInterventionFrequency").asDouble()).isEqualTo(0.2);
        assertThat(body.path("safetyIncidents").path("reconciliations").asLong()).isEqualTo(1);
        assertThat(body.path("deploymentConfidence").path("smokeDurationMs").asLong()).isEqualTo(412);
        assertThat(body.path("deploymentConfidence").path("smokePassed").asBoolean()).isTrue();
        assertThat(body.path("knowledgeFreshness").path("factsStored").asLong()).isEqualTo(7);
        assertThat(body.path("knowledgeFreshness").path("p50Ms").asLong()).isEqualTo(180);
        assertThat(body.path("knowledgeFreshness").path("p95Ms").asLong()).isEqualTo(950);
        assertThat(body.path("knowledgeFreshness").path("maxMs").asLong()).isEqualTo(1200);
        assertThat(asked).containsExactly("2026-11-30T12:00:00Z 2026-12-07T12:00:00Z acme null");
    }

    @Test
    void anAdminSeesEveryTenantOrNamesOneAndGroupsHaveNullRatiosWhereNothingCounts() {
        JsonNode all = json(call(Map.of("by", "channel"), ADMIN_KEY));
        json(call(Map.of("tenant", "globex"), ADMIN_KEY));

        assertThat(all.path("tenant").asText()).isEqualTo("*");
        assertThat(all.path("groups").path("http").path("tasks").asLong()).isEqualTo(10);
        assertThat(all.path("groups").path("kafka").path("autonomyIndex").isNull()).isTrue();
        assertThat(asked).containsExactly("2026-12-06T12:00:00Z 2026-12-07T12:00:00Z null channel",
                "2026-12-06T12:00:00Z 2026-12-07T12:00:00Z globex null");
    }

    @Test
    void badInputIsNamedAndAnotherTenantIsForbiddenAndNoKeyIsUnauthorized() {
        assertProblem(call(Map.of("window", "a week"), ACME_KEY), 400, "window");
        assertProblem(call(Map.of("by", "colour"), ACME_KEY), 400, "by");
        assertThat(call(Map.of("tenant", "globex"), ACME_KEY).getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
        assertThat(call(Map.of(), null).getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(asked).isEmpty();
    }

    @Test
    void theClustersHeartbeatsAreForAdminsOnly() {
        Message admin = call("direct:heartbeats", Map.of(), ADMIN_KEY);
        Message tenant = call("direct:heartbeats", Map.of(), ACME_KEY);

        assertThat(admin.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        JsonNode body = json(admin);
        assertThat(body.path("components").get(0).path("component").asText()).isEqualTo("database");
        assertThat(body.path("components").get(0).path("ageMs").asLong()).isEqualTo(120);
        assertThat(body.path("alerts")).isEmpty();
        assertThat(tenant.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
    }

    private Message call(Map<String, String> params, String key) {
        return call("direct:autonomy", params, key);
    }

    private Message call(String endpoint, Map<String, String> params, String key) {
        Exchange done = template.request(endpoint, e -> {
            Message in = e.getMessage();
            in.setHeader(Exchange.HTTP_METHOD, "GET");
            params.forEach(in::setHeader);
            if (key != null) {
                in.setHeader("Authorization", "Bearer " + key);
            }
        });
        assertThat(done.getException()).as("every failure is answered, none escapes the route").isNull();
        return done.getMessage();
    }

    private static void assertProblem(Message answer, int status, String field) {
        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(status);
        assertThat(answer.getHeader(Exchange.CONTENT_TYPE)).isEqualTo(Problems.MEDIA_TYPE);
        assertThat(json(answer).toString()).contains(field);
    }

    private static JsonNode json(Message answer) {
        try {
            return Json.MAPPER.readTree(answer.getBody(String.class));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.getBody(String.class), e);
        }
    }
}
