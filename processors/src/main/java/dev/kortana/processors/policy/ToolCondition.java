package dev.kortana.processors.policy;

import dev.kortana.contracts.TaskConstraints;
import dev.kortana.processors.tools.ToolSpec;
import java.util.List;

/**
 * {@code when.tool}: the step's tool. Every given field must hold; each list is any-of. {@code name} is checked
 * against the step's tool name even when the tool is unknown; the other fields need the registered tool. Never holds
 * for a model call.
 */
final class ToolCondition implements Condition {

    static final List<String> FIELDS = List.of("name", "safety", "capabilities", "region", "kind");

    private final NamePattern names;
    private final String[] safety;
    private final String[] capabilities;
    private final String[] regions;
    private final String[] kinds;

    private ToolCondition(NamePattern names, String[] safety, String[] capabilities, String[] regions, String[] kinds) {
        this.names = names;
        this.safety = safety;
        this.capabilities = capabilities;
        this.regions = regions;
        this.kinds = kinds;
    }

    /** Reads {@code when.tool}; null when it holds nothing usable (the problems are reported). */
    static ToolCondition read(MappingReader tool) {
        tool.allowOnly(FIELDS);
        NamePattern names = NamePattern.read(tool, "name", "payments.*");
        List<String> safety = tool.texts("safety", "irreversible, writes-data");
        List<String> capabilities = tool.texts("capabilities", "search");
        List<String> regions = tool.texts("region", "eu");
        List<String> kinds = tool.texts("kind", "http");
        if (kinds != null && !ToolSpec.KINDS.containsAll(kinds)) {
            tool.report("kind", kinds + " is not a list of tool kinds", "use any of " + String.join(", ", ToolSpec.KINDS));
            kinds = null;
        }
        if (names == null && safety == null && capabilities == null && regions == null && kinds == null) {
            return null;
        }
        return new ToolCondition(names, words(safety), words(capabilities), words(regions), words(kinds));
    }

    @Override
    public boolean matchesStep(StepFacts f, TaskConstraints task) {
        if (names != null && !names.matches(f.step().tool())) {
            return false;
        }
        ToolSpec t = f.tool();
        if (t == null) {
            return safety == null && capabilities == null && regions == null && kinds == null;
        }
        return (safety == null || Words.anyIn(t.safety(), safety))
                && (capabilities == null || Words.anyIn(t.capabilities(), capabilities))
                && (regions == null || Words.oneOf(t.region(), regions))
                && (kinds == null || Words.oneOf(t.kind(), kinds));
    }

    @Override
    public boolean matchesModel(ModelFacts f, TaskConstraints task) {
        return false;
    }

    @Override
    public boolean appliesToModels() {
        return false;
    }

    private static String[] words(List<String> list) {
        return list == null ? null : Words.lowerCase(list);
    }
}
