package dev.kortana.processors.policy;

import dev.kortana.contracts.TaskConstraints;
import dev.kortana.processors.model.ModelSpec;
import java.util.List;
import java.util.Locale;

/**
 * {@code when.model}: the candidate model of a model call. Every given field must hold; each list is any-of, except
 * {@code lacks-compliance}, which holds when the model lacks at least one of the tags (so listing two asks for both).
 * Never holds for a plan step.
 */
final class ModelCondition implements Condition {

    static final List<String> FIELDS = List.of("name", "provider", "region", "compliance", "lacks-compliance");

    private final NamePattern names;
    private final String[] providers;
    private final String[] regions;
    private final String[] compliance;
    private final String[] lacksCompliance;

    private ModelCondition(NamePattern names, String[] providers, String[] regions, String[] compliance,
            String[] lacksCompliance) {
        this.names = names;
        this.providers = providers;
        this.regions = regions;
        this.compliance = compliance;
        this.lacksCompliance = lacksCompliance;
    }

    /** Reads {@code when.model}; null when it holds nothing usable (the problems are reported). */
    static ModelCondition read(MappingReader model) {
        model.allowOnly(FIELDS);
        NamePattern names = NamePattern.read(model, "name", "gpt-4o*");
        List<String> providers = model.texts("provider", "openai");
        if (providers != null) {
            providers = providers.stream().map(p -> p.toLowerCase(Locale.ROOT))
                    .map(p -> p.equals("openai-compatible") ? "openai" : p).toList();
            if (!ModelSpec.PROVIDERS.containsAll(providers)) {
                model.report("provider", providers + " is not a list of providers", "use any of openai, anthropic,"
                        + " ollama, offline");
                providers = null;
            }
        }
        List<String> regions = model.texts("region", "us");
        List<String> compliance = model.texts("compliance", "gdpr");
        List<String> lacks = model.texts("lacks-compliance", "gdpr");
        if (names == null && providers == null && regions == null && compliance == null && lacks == null) {
            return null;
        }
        return new ModelCondition(names, words(providers), words(regions), words(compliance), words(lacks));
    }

    @Override
    public boolean matchesStep(StepFacts f, TaskConstraints task) {
        return false;
    }

    @Override
    public boolean matchesModel(ModelFacts f, TaskConstraints task) {
        ModelSpec m = f.model();
        if (m == null) {
            return false; // the request as a whole (before any candidate): only rules without a model condition apply
        }
        return (names == null || names.matches(m.name()))
                && (providers == null || Words.oneOf(m.provider(), providers))
                && (regions == null || Words.oneOf(m.region(), regions))
                && (compliance == null || Words.anyIn(m.compliance(), compliance))
                && (lacksCompliance == null || Words.lacksAny(m.compliance(), lacksCompliance));
    }

    @Override
    public boolean appliesToSteps() {
        return false;
    }

    private static String[] words(List<String> list) {
        return list == null ? null : Words.lowerCase(list);
    }
}
