package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.FieldProblem;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** RFC 9457 problem details: what went wrong, which field, and how to fix it. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    public static void write(Exchange exchange, int status, String title, String detail, List<FieldProblem> errors) {
        String body = body(status, title, detail, exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class), errors);
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, MEDIA_TYPE);
        out.setBody(body);
    }

    /** The problem document; {@code instance} (the request path) and {@code errors} may be null. */
    public static String body(int status, String title, String detail, String instance, List<FieldProblem> errors) {
        ObjectNode problem = Json.MAPPER.createObjectNode();
        problem.put("type", "https://kortana.dev/problems/" + title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        if (errors != null && !errors.isEmpty()) {
            ArrayNode list = problem.putArray("errors");
            errors.forEach(e -> list.addObject().put("field", e.field()).put("problem", e.problem()).put("fix", e.fix()));
        }
        return problem.toString();
    }
}
