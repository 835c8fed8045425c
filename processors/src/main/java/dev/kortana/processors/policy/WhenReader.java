package dev.kortana.processors.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Reads a rule's {@code when} block into conditions that must all hold. No block, or an empty one, matches all. */
final class WhenReader {

    static final List<String> FIELDS = List.of("tenant", "task", "step", "tool", "model", "cost", "time");

    private WhenReader() {}

    static List<Condition> read(MappingReader when) {
        List<Condition> conditions = new ArrayList<>();
        if (when == null) {
            return conditions;
        }
        when.allowOnly(FIELDS);
        List<String> tenants = when.texts("tenant", "acme, acme-eu");
        if (tenants != null) {
            conditions.add(new TenantCondition(tenants));
        }
        add(conditions, when, "task", TaskCondition::read);
        add(conditions, when, "step", StepCondition::read);
        add(conditions, when, "tool", ToolCondition::read);
        add(conditions, when, "model", ModelCondition::read);
        add(conditions, when, "cost", WhenReader::cost);
        add(conditions, when, "time", TimeWindow::read);
        return conditions;
    }

    private static void add(List<Condition> conditions, MappingReader when, String key,
            java.util.function.Function<MappingReader, Condition> reader) {
        MappingReader block = when.mapping(key);
        if (block == null) {
            return;
        }
        int before = when.problems().count();
        Condition c = reader.apply(block);
        if (c != null) {
            conditions.add(c);
        } else if (when.problems().count() == before) {
            when.report(key, "sets no condition", "give at least one of its fields, or leave " + key + " out");
        }
    }

    private static Condition cost(MappingReader cost) {
        cost.allowOnly(List.of("estimate-above-usd"));
        BigDecimal above = cost.amount("estimate-above-usd", "0.25");
        return above == null ? null : new CostCondition(above);
    }
}
