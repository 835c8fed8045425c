package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/openapi.json} is a valid OpenAPI 3.1 document (read by swagger-parser, not by us) and describes
 * exactly the operations the running Kor'tana's routes serve under {@code /api}: none missing, none made up.
 */
class OpenApiIT {

    @TempDir
    Path dir;

    @Test
    void theDocumentIsValidAndListsEveryApiRouteAndNothingElse() throws Exception {
        String schema = TestDatabase.newSchema();
        try (RunningKortana app = RunningKortana.start(dir, schema, Map.of())) {
            HttpResponse<String> response = app.get("/api/openapi.json");
            assertThat(response.statusCode()).isEqualTo(200);

            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body());
            assertThat(parsed.getMessages()).as("swagger-parser's findings").isEmpty();
            OpenAPI api = parsed.getOpenAPI();
            assertThat(api.getOpenapi()).isEqualTo("3.1.0");
            Set<String> documented = new TreeSet<>();
            api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                    .forEach(method -> documented.add(method.name() + " " + path)));

            Set<String> served = new TreeSet<>();
            for (Route route : app.camel().getRoutes()) {
                String uri = URLDecoder.decode(route.getEndpoint().getEndpointUri(), StandardCharsets.UTF_8);
                if (!uri.startsWith("platform-http:") || uri.contains("dashboard")) {
                    continue; // the dashboard is a page, not part of the API
                }
                URI parsedUri = URI.create(uri.replace("{", "%7B").replace("}", "%7D"));
                String path = "/" + uri.substring("platform-http:".length()).replaceFirst("^/+", "").replaceFirst("\\?.*$", "");
                String query = parsedUri.getRawQuery() == null ? "" : parsedUri.getRawQuery();
                String methods = query.replaceFirst(".*httpMethodRestrict=([A-Z,]+).*", "$1");
                for (String method : methods.split(",")) {
                    served.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
            assertThat(served).as("routes under /api").allSatisfy(s -> assertThat(s).contains(" /api/"));
            // The event stream is a Vert.x handler on Camel's router (a route answers once; a stream keeps writing).
            Set<String> handlers = new TreeSet<>();
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (operation.getExtensions() != null && "vertx".equals(operation.getExtensions().get("x-kortana-handler"))) {
                    handlers.add(method.name() + " " + path);
                }
            }));
            assertThat(handlers).containsExactly("GET /api/events/stream");
            served.addAll(handlers);
            assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
        } finally {
            TestDatabase.dropSchema(schema);
        }
    }
}
