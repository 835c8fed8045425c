package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.audit.AuditVerification;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Role;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * GET /api/audit/verify: checks the whole signed audit log and says whether it is intact or where it first breaks. A
 * broken log is a finding, answered 200 with {@code "ok": false}; only a check that could not run is an error. An
 * operator request (see {@link ApiAccess}, admin role): a check reads and verifies every row.
 */
public class AuditApi {

    private final Supplier<AuditVerification> verification;
    private final ApiAccess access;

    /** @param verification runs one verification, e.g. {@code auditVerifier::verify} */
    public AuditApi(Supplier<AuditVerification> verification, ApiAccess access) {
        this.verification = verification;
        this.access = access;
    }

    /**
     * 200 {@code {"ok":true,"rows":N,"headSeq":S,"keys":[...],"trust":"..."}}, or 200 {@code {"ok":false,"rows":N,
     * "headSeq":S,"keys":[...],"trust":"...","firstBroken":{"seq":S,"kind":"edited|missing|reordered|bad-signature|
     * untrusted-key|truncated|head","problem":"row 17 was edited: ..."}}}; {@code "keysFromDatabase":true} when keys
     * registered in the database were trusted.
     */
    public void verify(Exchange exchange) {
        access.require(exchange, Role.ADMIN);
        JsonAnswer.write(exchange, 200, json(verification.get()));
    }

    static ObjectNode json(AuditVerification result) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("ok", result.ok());
        body.put("rows", result.rowsChecked());
        if (result.headSeq() == null) {
            body.putNull("headSeq");
        } else {
            body.put("headSeq", result.headSeq());
        }
        ArrayNode keys = body.putArray("keys");
        result.keyIds().forEach(keys::add);
        if (result.keysFromDatabase()) {
            body.put("keysFromDatabase", true);
        }
        body.put("trust", result.trust());
        if (result.firstBroken() != null) {
            body.putObject("firstBroken")
                    .put("seq", result.firstBroken().seq())
                    .put("kind", result.firstBroken().kind().wireName())
                    .put("problem", result.firstBroken().problem());
        }
        return body;
    }
}
