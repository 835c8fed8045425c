package dev.kortana.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One generated task body and what the service must do with it.
 *
 * @param number         position in its channel's sequence (with the seed, enough to generate it again)
 * @param kind           which generator made it, e.g. {@code good}, {@code invalid-utf8}, {@code bit-flip}
 * @param body           the bytes sent
 * @param expect         what a correct service does with it
 * @param contentType    HTTP only: the Content-Type sent (null: application/json)
 * @param idempotencyKey HTTP only: an Idempotency-Key header, or null
 */
public record FuzzCase(int number, String kind, byte[] body, Expect expect, String contentType, String idempotencyKey) {

    /** What a correct service does with a case. */
    public enum Expect {
        /** A good task: accepted exactly as sent, and it completes. */
        ACCEPT,
        /** Junk: refused with a problem naming the place, nothing stored. */
        REJECT,
        /** Either refused clearly, or accepted exactly as sent and ends terminal (a bit flip may still be valid JSON). */
        EITHER
    }

    FuzzCase(int number, String kind, byte[] body, Expect expect) {
        this(number, kind, body, expect, null, null);
    }

    FuzzCase(int number, String kind, String body, Expect expect) {
        this(number, kind, body.getBytes(StandardCharsets.UTF_8), expect, null, null);
    }

    /** A short, printable form of the body for a failure message. */
    public String preview() {
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", "·");
        return "#" + number + " " + kind + " (" + body.length + " bytes): " + text + (body.length > 300 ? "…" : "");
    }
}
