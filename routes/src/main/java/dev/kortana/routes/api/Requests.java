package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import org.apache.camel.Exchange;

/** Reading requests of the API (small JSON bodies, query parameters), with errors that name the field. */
final class Requests {

    private Requests() {}

    static JsonNode jsonBody(Exchange exchange) {
        String raw = exchange.getMessage().getBody(String.class);
        try {
            JsonNode body = raw == null || raw.isBlank() ? null : Json.MAPPER.readTree(raw);
            if (body == null || !body.isObject()) {
                throw ContractViolation.of("/", "the body is not a JSON object", "send a JSON object");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ContractViolation.of("/", "the body is not JSON: " + e.getOriginalMessage(), "send a JSON object");
        }
    }

    static JsonNode jsonBodyOrEmpty(Exchange exchange) {
        String raw = exchange.getMessage().getBody(String.class);
        return raw == null || raw.isBlank() ? Json.MAPPER.createObjectNode() : jsonBody(exchange);
    }

    /** A string field, or null when absent; a field of another type is an error naming it. */
    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ContractViolation.of(field, "must be a string", "send \"" + field + "\" as a JSON string");
        }
        return value.asText();
    }

    /** The {@code limit} query parameter: {@code whenAbsent} when not sent, else a whole number from 1 to {@code max}. */
    static int limit(String value, int whenAbsent, int max) {
        if (value == null || value.isBlank()) {
            return whenAbsent;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ContractViolation.of("limit", "'" + value + "' is not a number from 1 to " + max, "send limit=1.." + max);
    }
}
