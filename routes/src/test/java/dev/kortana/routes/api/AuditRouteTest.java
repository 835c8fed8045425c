package dev.kortana.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.audit.AuditVerification.Break;
import dev.kortana.processors.audit.AuditVerification.Kind;
import dev.kortana.processors.audit.AuditVerification;
import dev.kortana.processors.store.StoreUnavailableException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /api/audit/verify over real HTTP: the answer's shape, operator access, and problem+json when it cannot run. */
class AuditRouteTest {

    private AuditApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anIntactLogIsOkWithItsRowsHeadAndKeys() throws Exception {
        server = AuditApiServer.start(() -> new AuditVerification(true, 42, 42L, List.of("0123456789abcdef"), false, null), "");

        HttpResponse<String> response = get(null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("ok").asBoolean()).isTrue();
        assertThat(body.path("rows").asLong()).isEqualTo(42);
        assertThat(body.path("headSeq").asLong()).isEqualTo(42);
        assertThat(body.path("keys").toString()).isEqualTo("[\"0123456789abcdef\"]");
        assertThat(body.has("firstBroken")).isFalse();
        assertThat(body.has("keysFromDatabase")).isFalse();
    }

    @Test
    void aBrokenLogIsAFindingNotAnErrorAndNamesTheFirstBrokenRow() throws Exception {
        server = AuditApiServer.start(() -> new AuditVerification(false, 17, 40L, List.of("0123456789abcdef"), true,
                new Break(17, Kind.BAD_SIGNATURE, "row 17's signature does not verify with key 0123456789abcdef")), "");

        HttpResponse<String> response = get(null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("ok").asBoolean()).isFalse();
        assertThat(body.path("firstBroken").path("seq").asLong()).isEqualTo(17);
        assertThat(body.path("firstBroken").path("kind").asText()).isEqualTo("bad-signature");
        assertThat(body.path("firstBroken").path("problem").asText()).startsWith("row 17's signature");
        assertThat(body.path("keysFromDatabase").asBoolean()).isTrue();
        assertThat(body.path("trust").asText()).contains("keys registered in the database");
    }

    @Test
    void withAnAdminKeyConfiguredARequestWithoutItIsRefusedAsProblemJson() throws Exception {
        server = AuditApiServer.start(() -> new AuditVerification(true, 0, null, List.of(), false, null), "s3cret-admin-key-0123");

        HttpResponse<String> refused = get(null);
        HttpResponse<String> allowed = get("s3cret-admin-key-0123");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue(Problems.MEDIA_TYPE);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(allowed.body()).path("headSeq").isNull()).as("an empty log has no head").isTrue();
    }

    @Test
    void aCheckThatCannotRunIsAServiceUnavailableProblem() throws Exception {
        Supplier<AuditVerification> down = () -> {
            throw new StoreUnavailableException(new SQLException("connection refused", "08001"));
        };
        server = AuditApiServer.start(down, "");

        HttpResponse<String> response = get(null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Json.MAPPER.readTree(response.body()).path("detail").asText()).contains("cannot be verified right now");
    }

    private HttpResponse<String> get(String adminKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "/api/audit/verify")).GET();
        if (adminKey != null) {
            request.header("Authorization", "Bearer " + adminKey);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
