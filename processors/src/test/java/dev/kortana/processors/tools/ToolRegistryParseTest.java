package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.FieldProblem;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolRegistryParseTest {

    private static final String BASE = "\"name\": \"inventory\", \"kind\": \"route\", \"description\": \"stock levels\"";

    @Test
    void refusesAnUnknownFieldNamingIt() {
        assertThat(problem("{" + BASE + ", \"endpoitn\": \"direct:inventory\"}")).satisfies(p -> {
            assertThat(p.field()).isEqualTo("endpoitn");
            assertThat(p.problem()).contains("endpoitn");
        });
    }

    @Test
    void refusesAFieldOfTheWrongTypeNamingIt() {
        assertThat(problem("{" + BASE + ", \"timeout-ms\": \"fast\"}").field()).isEqualTo("timeout-ms");
    }

    @Test
    void refusesABadNameWithTheConstructorsMessage() {
        assertThat(problem("{\"name\": \"Inventory Lookup\", \"kind\": \"route\", \"description\": \"d\"}")).satisfies(p -> {
            assertThat(p.field()).isEqualTo("/");
            assertThat(p.problem()).isEqualTo("tool name 'Inventory Lookup' must be 1 to 64 lower-case letters, digits, '.', '_' or '-'");
        });
    }

    @Test
    void refusesAnUnknownKindWithTheConstructorsMessage() {
        assertThat(problem("{\"name\": \"shell\", \"kind\": \"exec\", \"description\": \"runs commands\"}").problem())
                .isEqualTo("tool shell: kind 'exec' is not one of " + ToolSpec.KINDS);
    }

    @Test
    void refusesARetryPolicyOutOfRangeWithItsMessage() {
        assertThat(problem("{" + BASE + ", \"retry\": {\"max-attempts\": 0, \"backoff-ms\": 100}}").problem())
                .isEqualTo("retry.max-attempts must be from 1 to 20, not 0");
    }

    @Test
    void refusesAPatienceItCannotReadShowingHowToWriteIt() {
        assertThat(problem("{" + BASE + ", \"patience\": \"half an hour\"}").problem())
                .isEqualTo("tool inventory: patience 'half an hour' must be from 1s to 7d, written like 90s, 30m, 2h or PT30M");
        assertThat(ToolRegistry.parse(json("{" + BASE + ", \"patience\": \"2h\"}")).patience()).hasHours(2);
    }

    @Test
    void refusesAReconcileCheckWithNeitherOrBothWaysNamingTheField() {
        assertThat(problem("{" + BASE + ", \"reconcile\": {}}")).satisfies(p -> {
            assertThat(p.field()).isEqualTo("reconcile");
            assertThat(p.problem()).contains("exactly one of tool").contains("or url");
        });
        assertThat(problem("{" + BASE + ", \"reconcile\": {\"url\": \"https://shop.example/orders\"}}").problem())
                .contains("must be an http(s) URL with {{key}}");
        ToolSpec checked = ToolRegistry.parse(json("{" + BASE + ", \"reconcile\": {\"tool\": \"orders.lookup\"},"
                + " \"honours-idempotency-key\": true}"));
        assertThat(checked.reconcile().tool()).isEqualTo("orders.lookup");
        assertThat(checked.honoursIdempotencyKey()).isTrue();
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        assertThatThrownBy(() -> ToolRegistry.parse(json("[]")))
                .isInstanceOfSatisfying(ContractViolation.class, e -> assertThat(e.problems().get(0).field()).isEqualTo("/"));
        assertThatThrownBy(() -> ToolRegistry.parse(null)).isInstanceOf(ContractViolation.class);
    }

    @Test
    void parsesAFullRegistrationWithKebabCaseKeys() {
        ToolSpec spec = ToolRegistry.parse(json("{" + BASE + ", \"keywords\": [\"stock\"], \"phase\": \"gather\","
                + " \"plan-args\": {\"sku\": \"{{goal}}\"}, \"capabilities\": [\"inventory\"], \"safety\": [\"reads-pii\"],"
                + " \"args-schema\": {\"type\": \"object\", \"required\": [\"sku\"]},"
                + " \"result-schema\": {\"type\": \"object\"}, \"idempotent\": true, \"timeout-ms\": 1500,"
                + " \"retry\": {\"max-attempts\": 5, \"backoff-ms\": 50}, \"concurrency\": 2, \"region\": \"eu\","
                + " \"endpoint\": \"direct:inventory\"}"));

        assertThat(spec.name()).isEqualTo("inventory");
        assertThat(spec.kind()).isEqualTo("route");
        assertThat(spec.keywords()).containsExactly("stock");
        assertThat(spec.phase()).isEqualTo("gather");
        assertThat(spec.planArgs()).isEqualTo(Map.of("sku", "{{goal}}"));
        assertThat(spec.capabilities()).containsExactly("inventory");
        assertThat(spec.safety()).containsExactly("reads-pii");
        assertThat(spec.argsSchema().path("required").path(0).asText()).isEqualTo("sku");
        assertThat(spec.resultSchema()).isEqualTo(json("{\"type\": \"object\"}"));
        assertThat(spec.idempotent()).isTrue();
        assertThat(spec.timeoutMs()).isEqualTo(1500L);
        assertThat(spec.retry()).isEqualTo(new ToolRetry(5, 50));
        assertThat(spec.concurrency()).isEqualTo(2);
        assertThat(spec.region()).isEqualTo("eu");
        assertThat(spec.endpoint()).isEqualTo("direct:inventory");
    }

    @Test
    void parsesTheKindSpecificKeysOfSqlAndKafkaTools() {
        ToolSpec sql = ToolRegistry.parse(json("{\"name\": \"shop.items\", \"kind\": \"sql\", \"description\": \"items\","
                + " \"sql\": \"SELECT 1\", \"jdbc-url\": \"jdbc:postgresql://db/shop\", \"user\": \"reader\","
                + " \"password-env\": \"SHOP_DB_PASSWORD\"}"));
        ToolSpec kafka = ToolRegistry.parse(json("{\"name\": \"orders.publish\", \"kind\": \"kafka\","
                + " \"description\": \"publishes\", \"topics\": [\"orders.requests\"]}"));

        assertThat(List.of(sql.jdbcUrl(), sql.user(), sql.passwordEnv()))
                .containsExactly("jdbc:postgresql://db/shop", "reader", "SHOP_DB_PASSWORD");
        assertThat(kafka.topics()).containsExactly("orders.requests");
    }

    @Test
    void fillsTheDefaultsOfAMinimalRegistration() {
        ToolSpec spec = ToolRegistry.parse(json("{" + BASE + "}"));

        assertThat(spec.idempotent()).isFalse();
        assertThat(spec.timeoutMs()).isEqualTo(ToolSpec.DEFAULT_TIMEOUT_MS);
        assertThat(spec.retry()).isEqualTo(ToolRetry.DEFAULT);
        assertThat(spec.concurrency()).isEqualTo(ToolSpec.DEFAULT_CONCURRENCY);
        assertThat(spec.phase()).isEqualTo("transform");
    }

    private static FieldProblem problem(String json) {
        try {
            ToolRegistry.parse(json(json));
        } catch (ContractViolation e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("parsed without a ContractViolation: " + json);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
