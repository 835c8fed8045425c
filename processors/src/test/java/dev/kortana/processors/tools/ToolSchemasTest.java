package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ToolSchemasTest {

    private static final JsonNode SEARCH = json("{\"type\": \"object\", \"required\": [\"query\"],"
            + " \"additionalProperties\": false, \"properties\": {"
            + " \"query\": {\"type\": \"string\"},"
            + " \"limit\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 50},"
            + " \"options\": {\"type\": \"object\", \"properties\": {\"deep\": {\"type\": \"boolean\"}}}}}");

    @Test
    void namesTheJsonPointerOfTheFieldThatBreaksTheSchema() {
        assertThat(ToolSchemas.violations(SEARCH, json("{\"query\": \"kafka\", \"limit\": 99}")))
                .singleElement().asString().startsWith("/limit: ").contains("50");
    }

    @Test
    void namesAMissingRequiredPropertyByItsOwnPointer() {
        assertThat(ToolSchemas.violations(SEARCH, json("{\"limit\": 5}")))
                .singleElement().asString().startsWith("/query: ").contains("required");
    }

    @Test
    void namesNestedAndUndeclaredFieldsByTheirFullPointer() {
        assertThat(ToolSchemas.violations(SEARCH, json("{\"query\": \"k\", \"extra\": 1, \"options\": {\"deep\": 3}}")))
                .hasSize(2)
                .anySatisfy(v -> assertThat(v).startsWith("/extra: "))
                .anySatisfy(v -> assertThat(v).startsWith("/options/deep: ").contains("boolean"));
    }

    @Test
    void namesTheRootWhenTheWholeValueHasTheWrongType() {
        assertThat(ToolSchemas.violations(SEARCH, json("[1, 2]"))).singleElement().asString().startsWith("/: ");
    }

    @Test
    void aMatchingValueHasNoViolations() {
        assertThat(ToolSchemas.violations(SEARCH, json("{\"query\": \"kafka\", \"limit\": 5}"))).isEmpty();
    }

    @Test
    void withoutASchemaEveryValueMatches() {
        assertThat(ToolSchemas.violations(null, json("{\"anything\": [1, \"two\"]}"))).isEmpty();
        assertThat(ToolSchemas.problem(null)).isEmpty();
    }

    @Test
    void aSchemaMustBeAnObject() {
        assertThat(ToolSchemas.problem(json("[{\"type\": \"object\"}]"))).get().asString().contains("must be a JSON Schema object");
        assertThat(ToolSchemas.problem(json("\"object\""))).get().asString().contains("must be a JSON Schema object");
        assertThat(ToolSchemas.problem(SEARCH)).isEmpty();
    }

    @Test
    void refusesARemoteReferenceWhereverItIs() {
        assertThat(ToolSchemas.problem(json("{\"$ref\": \"https://schemas.example/item.json\"}")))
                .get().asString().contains("'https://schemas.example/item.json'").contains("only local references");
        assertThat(ToolSchemas.problem(json("{\"type\": \"object\", \"properties\": {\"items\": {\"type\": \"array\","
                + " \"items\": [{\"$ref\": \"file:///etc/passwd\"}]}}}"))).get().asString().contains("file:///etc/passwd");
        assertThat(ToolSchemas.problem(json("{\"$dynamicRef\": \"http://169.254.169.254/meta\"}"))).isPresent();
    }

    @Test
    void acceptsALocalReference() {
        JsonNode local = json("{\"type\": \"object\", \"properties\": {\"id\": {\"$ref\": \"#/$defs/id\"}},"
                + " \"$defs\": {\"id\": {\"type\": \"string\"}}}");

        assertThat(ToolSchemas.problem(local)).isEmpty();
        assertThat(ToolSchemas.violations(local, json("{\"id\": 7}"))).singleElement().asString().startsWith("/id: ");
    }

    @Test
    void neverFetchesTheMetaSchemaNamedBySchemaKeyword() throws IOException {
        try (LocalHttpServer server = new LocalHttpServer()) {
            server.on("/", exchange -> LocalHttpServer.respond(exchange, 200, "{\"type\": \"object\"}"));
            JsonNode schema = json("{\"$schema\": \"" + server.url("/meta.json") + "\", \"type\": \"object\"}");

            var problem = ToolSchemas.problem(schema);

            assertThat(server.paths()).as("requests Kor'tana made while checking the schema").isEmpty();
            assertThat(problem).get().asString().contains("is not a valid JSON Schema");
        }
    }

    @Test
    void acceptsTheStandardDraft2020MetaSchemaWithoutFetchingIt() {
        JsonNode schema = json("{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\","
                + " \"required\": [\"id\"]}");

        assertThat(ToolSchemas.problem(schema)).isEmpty();
        assertThat(ToolSchemas.violations(schema, json("{}"))).singleElement().asString().startsWith("/id: ");
    }

    @Test
    void neverFetchesTheDocumentOfASubschemaId() throws IOException {
        try (LocalHttpServer server = new LocalHttpServer()) {
            server.on("/", exchange -> LocalHttpServer.respond(exchange, 200, "{\"type\": \"string\"}"));
            JsonNode schema = json("{\"type\": \"object\", \"properties\": {\"a\": {\"$id\": \"" + server.url("/sub.json")
                    + "\", \"$ref\": \"#/$defs/missing\"}}}");

            try {
                ToolSchemas.problem(schema);
                ToolSchemas.violations(schema, json("{\"a\": 1}"));
            } catch (RuntimeException unresolvable) {
                // refusing the reference is fine; fetching it is not
            }

            assertThat(server.paths()).as("requests Kor'tana made while checking the schema").isEmpty();
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
