package dev.kortana.processors.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.PolicyDecision.Effect;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one entry of {@code rules}, reporting everything wrong with it under its index and id. */
final class RuleReader {

    static final List<String> FIELDS = List.of("id", "when", "effect", "reason", "rewrite", "approval");
    /** Ids the built-in checks and defaults decide with; a rule using one would make the audit log ambiguous. */
    static final Set<String> RESERVED_IDS = Set.of("unknown-tool", "config-allowlist", "task-allowlist",
            "tool-residency", "http-host-allowlist", "task-requires-approval", "default-allow", "default-deny");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");

    private RuleReader() {}

    /** The rule, or null when it has problems (all reported). {@code ids} collects the ids seen so far. */
    static Rule read(JsonNode node, int index, ApprovalTerms defaults, Set<String> ids, Problems problems) {
        JsonNode idNode = node == null ? null : node.get("id");
        String where = "rules[" + index + "]" + (idNode != null && idNode.isValueNode() ? " (id: " + idNode.asText() + ")" : "");
        MappingReader rule = MappingReader.of(node, where, "", problems);
        int before = problems.count();
        rule.allowOnly(FIELDS);
        String id = id(rule, ids);
        Effect effect = effect(rule);
        if (rule.text("reason", "irreversible tools need a human approval") == null && !rule.has("reason")) {
            rule.report("reason", "is missing", "say why in one sentence a person can act on; it is shown with"
                    + " every decision the rule makes");
        }
        List<Condition> conditions = WhenReader.read(rule.mapping("when"));
        Rewrite rewrite = effect == Effect.REWRITE ? rewrite(rule) : null;
        if (effect != null && effect != Effect.REWRITE && rule.has("rewrite")) {
            rule.report("rewrite", "is only used with effect: REWRITE", "remove it, or set effect: REWRITE");
        }
        ApprovalTerms approval = effect == Effect.ESCALATE ? defaults : null;
        if (rule.has("approval")) {
            if (effect == Effect.ESCALATE) {
                approval = ApprovalTermsReader.read(rule.mapping("approval"), defaults);
            } else if (effect != null) {
                rule.report("approval", "is only used with effect: ESCALATE", "remove it, or set effect: ESCALATE");
            }
        }
        // Checked even when other fields have problems, so that one round of fixes finds everything.
        if (effect != null && (effect != Effect.REWRITE || rewrite != null)) {
            Rule compiled = new Rule(index, id == null ? "?" : id, effect, rule.text("reason", ""), conditions,
                    rewrite, approval);
            RuleScope.check(compiled, rule);
            return problems.count() > before ? null : compiled;
        }
        return null;
    }

    private static String id(MappingReader rule, Set<String> ids) {
        String id = rule.text("id", "eu-tenants-stay-in-eu");
        if (id == null) {
            if (!rule.has("id")) {
                rule.report("id", "is missing", "give every rule a unique id, e.g. id: eu-tenants-stay-in-eu; it names"
                        + " the rule in every decision and in the audit log");
            }
            return null;
        }
        if (!ID.matcher(id).matches()) {
            rule.report("id", "'" + id + "' is not a valid id", "use lower-case letters, digits, '.', '_' and '-',"
                    + " like eu-tenants-stay-in-eu");
        } else if (RESERVED_IDS.contains(id)) {
            rule.report("id", "'" + id + "' is the id of a built-in check", "choose another id; taken: "
                    + String.join(", ", RESERVED_IDS.stream().sorted().toList()));
        } else if (!ids.add(id)) {
            rule.report("id", "'" + id + "' is used by an earlier rule", "give each rule its own id");
        }
        return id;
    }

    private static Effect effect(MappingReader rule) {
        String text = rule.text("effect", "DENY");
        if (text == null) {
            if (!rule.has("effect")) {
                rule.report("effect", "is missing", "set effect: ALLOW, DENY, ESCALATE or REWRITE");
            }
            return null;
        }
        try {
            return Effect.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String near = Spelling.closest(text.toUpperCase(Locale.ROOT), List.of("ALLOW", "DENY", "ESCALATE", "REWRITE"));
            rule.report("effect", "'" + text + "' is not an effect", (near == null ? "" : "did you mean " + near + "? ")
                    + "use ALLOW, DENY, ESCALATE or REWRITE");
            return null;
        }
    }

    private static Rewrite rewrite(MappingReader rule) {
        MappingReader block = rule.mapping("rewrite");
        if (block == null) {
            rule.report("rewrite", "is missing, and effect is REWRITE", "add a rewrite block, e.g. rewrite: {"
                    + " data-residency: eu, max-cost-usd: 0.50 }");
            return null;
        }
        return RewriteReader.read(block);
    }
}
