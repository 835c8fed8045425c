package dev.kortana.processors.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a REWRITE rule's {@code rewrite} block. */
final class RewriteReader {

    static final List<String> FIELDS = List.of("data-residency", "max-cost-usd", "require-compliance", "args");

    private RewriteReader() {}

    /** The rewrite, or null when the block has problems or changes nothing (reported). */
    static Rewrite read(MappingReader block) {
        block.allowOnly(FIELDS);
        int before = block.problems().count();
        String residency = block.text("data-residency", "eu");
        BigDecimal maxCost = block.amount("max-cost-usd", "0.50");
        List<String> compliance = block.texts("require-compliance", "gdpr");
        Map<String, Object> args = new LinkedHashMap<>();
        MappingReader argsBlock = block.mapping("args");
        if (argsBlock != null) {
            for (Map.Entry<String, JsonNode> arg : argsBlock.entries()) {
                if (arg.getValue().isNull()) {
                    argsBlock.report(arg.getKey(), "has no value", "give the value the argument is set to; an"
                            + " argument cannot be removed by a rewrite");
                } else {
                    args.put(arg.getKey(), frozen(arg.getValue()));
                }
            }
        }
        if (block.problems().count() > before) {
            return null;
        }
        Rewrite rewrite = new Rewrite(residency, maxCost, compliance, args);
        if (rewrite.isEmpty()) {
            block.report("", "changes nothing", "set at least one of " + String.join(", ", FIELDS));
            return null;
        }
        return rewrite;
    }

    /** The YAML value as plain immutable Java: String, Number, Boolean, List or Map. */
    private static Object frozen(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), frozen(e.getValue())));
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(frozen(item)));
            return Collections.unmodifiableList(list);
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? (Object) node.longValue() : node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.asText();
    }
}
