package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.FieldProblem;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolSpecCheckTest {

    private static final String SQL = "\"name\": \"shop.items\", \"kind\": \"sql\", \"description\": \"looks up items\"";
    private final ToolSpecCheck check = new ToolSpecCheck(Set.of("direct", "seda"));

    @Test
    void settlingALostAnswerIsForNonIdempotentToolsThatCanSendTheKey() {
        assertThat(check.fromFile(spec("{" + SQL + ", \"sql\": \"SELECT 1\", \"jdbc-url\": \"jdbc:postgresql://db/shop\","
                + " \"honours-idempotency-key\": true}"))).singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("honours-idempotency-key");
                    assertThat(p.problem()).contains("a sql tool sends no Idempotency-Key");
                });
        assertThat(check.fromFile(spec("{\"name\": \"orders\", \"kind\": \"http\", \"description\": \"orders\","
                + " \"idempotent\": true, \"reconcile\": {\"tool\": \"orders.lookup\"}}"))).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("reconcile"));
        assertThat(check.fromFile(spec("{\"name\": \"orders\", \"kind\": \"http\", \"description\": \"orders\","
                + " \"reconcile\": {\"tool\": \"orders\"}}"))).singleElement()
                .satisfies(p -> assertThat(p.problem()).isEqualTo("names the tool itself"));
        assertThat(check.fromFile(spec("{\"name\": \"orders\", \"kind\": \"http\", \"description\": \"orders\","
                + " \"honours-idempotency-key\": true, \"reconcile\": {\"tool\": \"orders.lookup\"}}"))).isEmpty();
    }

    @Test
    void aRouteToolNeedsAnEndpoint() {
        assertThat(check.fromFile(spec("{\"name\": \"inventory\", \"kind\": \"route\", \"description\": \"stock\"}")))
                .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("endpoint"));
        assertThat(check.fromFile(spec("{\"name\": \"inventory\", \"kind\": \"route\", \"description\": \"stock\","
                + " \"endpoint\": \"inventory-lookup\"}"))).extracting(FieldProblem::field).containsExactly("endpoint");
    }

    @Test
    void theApiMayOnlyRegisterRouteToolsOnTheOpenedSchemesWhileToolsYamlMayUseAny() {
        ToolSpec fileRoute = spec("{\"name\": \"reader\", \"kind\": \"route\", \"description\": \"reads\","
                + " \"endpoint\": \"file:/etc?fileName=passwd\"}");

        assertThat(check.fromApi(fileRoute)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("endpoint");
            assertThat(p.problem()).contains("scheme 'file'");
            assertThat(p.fix()).contains("kortana.tools.route.api-schemes");
        });
        assertThat(check.fromFile(fileRoute)).isEmpty();
        assertThat(check.fromApi(spec("{\"name\": \"reader\", \"kind\": \"route\", \"description\": \"reads\","
                + " \"endpoint\": \"FILE:/etc\"}"))).extracting(FieldProblem::field).containsExactly("endpoint");
        assertThat(check.fromApi(spec("{\"name\": \"inventory\", \"kind\": \"route\", \"description\": \"stock\","
                + " \"endpoint\": \"direct:inventory-lookup\"}"))).isEmpty();
    }

    @Test
    void aReadOnlySqlToolWithItsDatabaseAndPasswordVariableIsAccepted() {
        assertThat(check.fromApi(spec("{" + SQL + ", \"sql\": \"SELECT * FROM items WHERE id = :id\","
                + " \"jdbc-url\": \"jdbc:postgresql://db.internal:5432/shop\", \"password-env\": \"SHOP_DB_PASSWORD\"}")))
                .isEmpty();
    }

    @Test
    void refusesASqlToolThatDeletes() {
        assertThat(problems("{" + SQL + ", \"sql\": \"DELETE FROM items WHERE id = :id\","
                + " \"jdbc-url\": \"jdbc:postgresql://db/shop\"}"))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("sql");
                    assertThat(p.problem()).contains("DELETE");
                });
    }

    @Test
    void refusesASqlToolWithoutAPostgresJdbcUrl() {
        assertThat(problems("{" + SQL + ", \"sql\": \"SELECT 1\"}")).extracting(FieldProblem::field).containsExactly("jdbc-url");
        assertThat(problems("{" + SQL + ", \"sql\": \"SELECT 1\", \"jdbc-url\": \"jdbc:mysql://db/shop\"}"))
                .extracting(FieldProblem::field).containsExactly("jdbc-url");
    }

    @Test
    void refusesAJdbcUrlThatMakesTheDriverLoadAClass() {
        assertThat(problems("{" + SQL + ", \"sql\": \"SELECT 1\","
                + " \"jdbc-url\": \"jdbc:postgresql://db/shop?socketFactory=evil.Factory\"}"))
                .singleElement().satisfies(p -> assertThat(p.problem()).contains("loads a Java class"));
    }

    @Test
    void refusesAPasswordWrittenWherePasswordEnvNamesAVariable() {
        assertThat(problems("{" + SQL + ", \"sql\": \"SELECT 1\", \"jdbc-url\": \"jdbc:postgresql://db/shop\","
                + " \"password-env\": \"s3cret!pass\"}"))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("password-env");
                    assertThat(p.problem()).contains("environment variable");
                });
    }

    @Test
    void aKafkaToolNeedsTopics() {
        assertThat(problems("{\"name\": \"orders.publish\", \"kind\": \"kafka\", \"description\": \"publishes\"}"))
                .extracting(FieldProblem::field).containsExactly("topics");
        assertThat(problems("{\"name\": \"orders.publish\", \"kind\": \"kafka\", \"description\": \"publishes\", \"topics\": []}"))
                .extracting(FieldProblem::field).containsExactly("topics");
    }

    @Test
    void refusesAKafkaTopicNameKafkaWouldRefuse() {
        assertThat(problems("{\"name\": \"orders.publish\", \"kind\": \"kafka\", \"description\": \"publishes\","
                + " \"topics\": [\"orders.requests\", \"orders/requests\", \"with space\"]}"))
                .extracting(FieldProblem::problem)
                .containsExactly("'orders/requests' is not a Kafka topic name", "'with space' is not a Kafka topic name");
    }

    @Test
    void refusesAnArgsSchemaWithARemoteRef() {
        assertThat(problems("{\"name\": \"inventory\", \"kind\": \"memory\", \"description\": \"stock\","
                + " \"args-schema\": {\"type\": \"object\", \"properties\": {\"id\": {\"$ref\": \"https://evil.example/s\"}}}}"))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("args-schema");
                    assertThat(p.problem()).contains("https://evil.example/s");
                });
    }

    @Test
    void refusesAResultSchemaThatIsNotAnObject() {
        assertThat(problems("{\"name\": \"inventory\", \"kind\": \"memory\", \"description\": \"stock\","
                + " \"result-schema\": \"object\"}")).extracting(FieldProblem::field).containsExactly("result-schema");
    }

    private List<FieldProblem> problems(String json) {
        ToolSpec spec = spec(json);
        List<FieldProblem> fromFile = check.fromFile(spec);
        assertThat(check.fromApi(spec)).as("the API holds a non-route tool to the same checks").isEqualTo(fromFile);
        return fromFile;
    }

    private static ToolSpec spec(String json) {
        try {
            return Json.MAPPER.readValue(json, ToolSpec.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
