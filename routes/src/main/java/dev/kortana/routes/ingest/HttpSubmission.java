package dev.kortana.routes.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.TaskIds;
import dev.kortana.processors.store.AcceptResult;
import dev.kortana.routes.Headers;
import dev.kortana.routes.api.JsonAnswer;
import dev.kortana.routes.api.TaskApi;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Both ends of {@code POST /api/tasks}: what goes into intake, and the answer once the task is stored. */
final class HttpSubmission {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private HttpSubmission() {}

    /** Refuses non-JSON, then sets the intake headers; the id comes from the body or an Idempotency-Key. */
    static void prepare(Exchange exchange) {
        Message in = exchange.getMessage();
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new UnsupportedMediaType(contentType);
        }
        String idempotencyKey = in.getHeader(IDEMPOTENCY_KEY, String.class);
        if (idempotencyKey != null && !idempotencyKey.isBlank() && !TaskIds.isValid(idempotencyKey.trim())) {
            throw ContractViolation.of(IDEMPOTENCY_KEY, "'" + abbreviate(idempotencyKey) + "' cannot be a task id",
                    "use 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        in.setHeader(Headers.CHANNEL, "HTTP");
        in.setHeader(Headers.FALLBACK_ID, idempotencyKey == null || idempotencyKey.isBlank() ? TaskIds.random() : idempotencyKey.trim());
        in.setHeader(Headers.SOURCE_REF, in.getHeader("CamelVertxPlatformHttpRemoteAddress", String.class));
    }

    /** 202 for a new task, 200 with the stored task for a repeat of the same id and body. */
    static void accepted(Exchange exchange) {
        AcceptResult result = exchange.getMessage().getBody(AcceptResult.class);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("taskId", result.taskId());
        body.put("status", result.status().name());
        body.put("existing", result.kind() == AcceptResult.Kind.EXISTING);
        body.set("links", TaskApi.links(result.taskId()));
        JsonAnswer.write(exchange, result.kind() == AcceptResult.Kind.CREATED ? 202 : 200, body);
        exchange.getMessage().setHeader("Location", TaskApi.links(result.taskId()).path("self").asText());
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    /** The request body is not JSON. */
    static class UnsupportedMediaType extends RuntimeException {
        UnsupportedMediaType(String contentType) {
            super("Content-Type " + (contentType == null ? "(none)" : "'" + contentType + "'")
                    + " is not JSON; send the task with Content-Type: application/json");
        }
    }
}
