package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.prompts.PromptApprovalIds;
import dev.kortana.processors.prompts.PromptRefused;
import dev.kortana.processors.prompts.PromptReviews;
import dev.kortana.processors.prompts.PromptVersion;
import dev.kortana.processors.prompts.PromptVersions;
import dev.kortana.processors.prompts.ShippedPrompts;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Prompt versions over HTTP: read them with their statistics, propose a variant (a person or a model), promote a canary,
 * roll back, and decide proposals through the approvals API. Prompts are shared by every tenant, so what changes the
 * prompt that runs (a decision, a promotion, a rollback) needs a key that acts for every tenant.
 */
public class PromptsApi {

    private static final List<String> PROPOSAL_FIELDS = List.of("text", "reason", "canaryShare", "source");
    private static final List<String> DECISION_FIELDS = List.of("decision", "reviewer", "comment", "canaryShare");

    private final PromptReviews reviews;

    public PromptsApi(PromptReviews reviews) {
        this.reviews = reviews;
    }

    /** GET /api/prompts: every template with its versions and their statistics (texts only in GET /api/prompts/{name}). */
    public void list(Exchange exchange) {
        List<PromptVersion> all = reviews.all();
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode prompts = body.putArray("prompts");
        for (String name : ShippedPrompts.NAMES) {
            ObjectNode prompt = prompts.addObject();
            prompt.put("name", name);
            ArrayNode versions = prompt.putArray("versions");
            all.stream().filter(v -> v.name().equals(name)).forEach(v -> {
                ObjectNode view = PromptView.of(v);
                view.remove("text");
                versions.add(view);
                if (v.is(PromptVersion.ACTIVE) || v.is(PromptVersion.CANARY)) {
                    prompt.put(v.status(), v.version());
                }
            });
        }
        JsonAnswer.write(exchange, 200, body);
    }

    /** GET /api/prompts/{name}: one template's versions, texts included, oldest first. */
    public void show(Exchange exchange) {
        String name = name(exchange);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("name", name);
        ArrayNode versions = body.putArray("versions");
        reviews.versions(name).forEach(v -> {
            versions.add(PromptView.of(v));
            if (v.is(PromptVersion.ACTIVE) || v.is(PromptVersion.CANARY)) {
                body.put(v.status(), v.version());
            }
        });
        JsonAnswer.write(exchange, 200, body);
    }

    /**
     * POST /api/prompts/{name}/versions: {"text", "reason", "canaryShare"?, "source"?: "person"|"model"}. The variant is
     * proposed and waits for a decision (POST /api/approvals/{approvalId}); it never runs before one.
     */
    public void propose(Exchange exchange) {
        Principal who = ApiAccess.principal(exchange);
        JsonNode body = fields(Requests.jsonBody(exchange), PROPOSAL_FIELDS);
        String source = Optional.ofNullable(Requests.text(body, "source")).orElse("person");
        if (!source.equals("person") && !source.equals("model")) {
            throw ContractViolation.of("source", "'" + source + "' is not a source", "send \"person\" or \"model\"");
        }
        PromptVersion proposed = reviews.propose(name(exchange), Requests.text(body, "text"), source, who.keyId(),
                Requests.text(body, "reason"), share(body));
        ObjectNode answer = PromptView.of(proposed);
        answer.put("decide", "POST /api/approvals/" + proposed.approvalId());
        JsonAnswer.write(exchange, 201, answer);
    }

    /** POST /api/prompts/{name}/versions/{version}/promote: the canary becomes the active version for every task. */
    public void promote(Exchange exchange) {
        String actor = everyTenant(exchange).keyId();
        String version = exchange.getMessage().getHeader("version", String.class);
        PromptVersions.Change change = reviews.promote(name(exchange), number(version), actor);
        JsonAnswer.write(exchange, 200, changed(change));
    }

    /** POST /api/prompts/{name}/rollback: {"reason"?}. The canary is retired, or else the previous active version returns. */
    public void rollback(Exchange exchange) {
        String actor = everyTenant(exchange).keyId();
        JsonNode body = fields(Requests.jsonBodyOrEmpty(exchange), List.of("reason"));
        PromptVersions.Change change = reviews.rollback(name(exchange), actor, Requests.text(body, "reason"));
        JsonAnswer.write(exchange, 200, changed(change));
    }

    /**
     * POST /api/approvals/prompt-{name}@{version}: {"decision": "approve"|"reject", "reviewer", "comment", "canaryShare"}.
     * Approved with a share (now or at proposal) the version runs as a canary for that share of the tasks; else it is
     * active for every task.
     */
    public void decide(Exchange exchange) {
        Principal who = everyTenant(exchange);
        String id = exchange.getMessage().getHeader("taskId", String.class);
        PromptApprovalIds.Named named = PromptApprovalIds.parse(id)
                .orElseThrow(() -> new PromptRefused(404, "no approval request has id '" + id + "'; a prompt's is prompt-<name>@<version>"));
        JsonNode body = fields(Requests.jsonBody(exchange), DECISION_FIELDS);
        String decision = Requests.text(body, "decision");
        if (!"approve".equals(decision) && !"reject".equals(decision)) {
            throw ContractViolation.of("decision", decision == null ? "is missing" : "'" + decision + "' is not a decision",
                    "send \"approve\" or \"reject\"");
        }
        String reviewer = Optional.ofNullable(Requests.text(body, "reviewer")).orElse(who.keyId());
        String comment = Requests.text(body, "comment");
        ObjectNode answer;
        if ("approve".equals(decision)) {
            answer = changed(reviews.approve(named.name(), named.version(), who.keyId(), reviewer, comment, share(body)));
        } else {
            answer = Json.MAPPER.createObjectNode();
            answer.set("version", PromptView.of(reviews.reject(named.name(), named.version(), who.keyId(), reviewer, comment)));
        }
        JsonAnswer.write(exchange, 200, answer);
    }

    /** The proposals {@code who} may decide, for GET /api/approvals: all of them for a key of every tenant, else none. */
    List<ObjectNode> pendingFor(Principal who) {
        return mayDecide(who) ? reviews.pending().stream().map(PromptView::approval).toList() : List.of();
    }

    private static boolean mayDecide(Principal who) {
        return who.seesTenant(Principal.ALL_TENANTS);
    }

    private static Principal everyTenant(Exchange exchange) {
        Principal who = ApiAccess.principal(exchange);
        if (!mayDecide(who)) {
            throw new ApiAccess.Denied(403, "prompts are shared by every tenant, so changing the one that runs needs a key"
                    + " of every tenant (an admin key); yours acts for " + who.tenant());
        }
        return who;
    }

    private static ObjectNode changed(PromptVersions.Change change) {
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.set("version", PromptView.of(change.version()));
        if (change.other() != null) {
            answer.set(change.version().is(PromptVersion.RETIRED) ? "nowActive" : "previous", PromptView.of(change.other()));
        }
        return answer;
    }

    private static String name(Exchange exchange) {
        return exchange.getMessage().getHeader("name", String.class);
    }

    private static Double share(JsonNode body) {
        JsonNode share = body.get("canaryShare");
        if (share == null || share.isNull()) {
            return null;
        }
        if (!share.isNumber()) {
            throw ContractViolation.of("canaryShare", "must be a number", "send a share such as 0.1");
        }
        return share.asDouble();
    }

    private static int number(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new PromptRefused(404, "'" + version + "' is not a version number");
        }
    }

    /** A misspelt field would otherwise be dropped in silence. */
    private static JsonNode fields(JsonNode body, List<String> allowed) {
        body.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                throw ContractViolation.of(field, "is not a field of this request", "send only " + allowed);
            }
        });
        return body;
    }
}
