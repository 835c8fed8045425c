package dev.kortana.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The merged configuration: every setting with its source, and every problem found while reading it. */
public final class KortanaConfig {

    private final String environment;
    private final Map<String, ConfigValue> values;
    private final List<ConfigProblem> problems;
    private final ConfigSchema schema;

    KortanaConfig(String environment, Map<String, ConfigValue> values, List<ConfigProblem> problems, ConfigSchema schema) {
        this.environment = environment;
        this.values = Collections.unmodifiableMap(values);
        this.problems = new ArrayList<>(problems);
        this.schema = schema;
    }

    /** local, staging or production: the manifest that was applied. */
    public String environment() {
        return environment;
    }

    /** Every setting, sorted by key. */
    public Map<String, ConfigValue> values() {
        return values;
    }

    public String value(String key) {
        ConfigValue v = values.get(key);
        return v == null ? null : v.value();
    }

    public List<ConfigProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** Adds what a check beyond the schema found (catalog files, dependencies), so all are listed together. */
    public void addProblems(List<ConfigProblem> more) {
        problems.addAll(more);
    }

    /** The settings as Camel's properties. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        values.forEach((key, v) -> properties.put(key, v.value()));
        return properties;
    }

    /** The settings that did not come from the packaged defaults, for the start-up line saying what was changed. */
    public Map<String, String> changed() {
        Map<String, String> changed = new LinkedHashMap<>();
        values.forEach((key, v) -> {
            if (!ConfigLoader.DEFAULTS.equals(v.source())) {
                changed.put(key, v.value());
            }
        });
        return changed;
    }

    /** A secret by the schema ({@code writeOnly}); a key the schema does not type (camel.*) by its name. */
    public boolean secret(String key) {
        return schema.keys().contains(key) ? schema.secret(key) : Masking.sensitive(key);
    }

    /** What {@code config print} shows: {@code key = value  # source}, secrets masked, references named. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        values.forEach((key, v) -> {
            String shown = secret(key) && !v.value().isBlank() ? Masking.MASK : Masking.masked(key, v.value());
            String from = v.reference() == null ? v.source()
                    : v.source() + ", " + (secret(key) ? References.shown(v.reference()) : v.reference());
            lines.add(key + " = " + shown + "  # " + from);
        });
        return lines;
    }

    /** The problems as a refusal: one line each. */
    public String refusal() {
        StringBuilder out = new StringBuilder("The configuration (environment " + environment + ") has "
                + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":");
        problems.forEach(p -> out.append(System.lineSeparator()).append("  - ").append(p));
        return out.toString();
    }
}
