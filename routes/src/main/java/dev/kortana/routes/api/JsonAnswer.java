package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** A successful API answer: a status and a JSON body, with no request header echoed back. */
public final class JsonAnswer {

    private JsonAnswer() {}

    public static void write(Exchange exchange, int status, JsonNode json) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.toString());
    }
}
