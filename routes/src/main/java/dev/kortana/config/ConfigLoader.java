package dev.kortana.config;

import dev.kortana.processors.policy.Spelling;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one way Kor'tana's configuration is read. Layers, each over the one before: the packaged defaults
 * (application.properties), the environment manifest {@code config/cloud/<env>.yaml} ({@code --env},
 * {@code KORTANA_ENV}), the user file ({@code --config}, {@code KORTANA_CONFIG}; YAML or properties), environment
 * variables, {@code -D} system properties, flags. References ({@code ${env:NAME}}, {@code ${file:PATH}}) are resolved,
 * and the result is checked against configuration.schema.json; every problem is collected, none stops the reading.
 */
public final class ConfigLoader {

    static final String DEFAULTS = "defaults (application.properties)";
    static final List<String> ENVIRONMENTS = List.of("local", "staging", "production");

    private final Map<String, String> environment;
    private final Properties systemProperties;
    private final Path workingDir;

    ConfigLoader(Map<String, String> environment, Properties systemProperties, Path workingDir) {
        this.environment = environment;
        this.systemProperties = systemProperties;
        this.workingDir = workingDir;
    }

    /** This process's environment, system properties and working directory. */
    public static ConfigLoader forThisProcess() {
        return new ConfigLoader(System.getenv(), System.getProperties(), Path.of("").toAbsolutePath());
    }

    /**
     * Reads every layer.
     *
     * @param env      the {@code --env} flag, or null
     * @param userFile the {@code --config} flag, or null
     * @param flags    settings given on the command line (or by a test), lowest first
     */
    public KortanaConfig load(String env, Path userFile, List<ConfigLayer> flags) {
        ConfigSchema schema = ConfigSchema.load();
        List<ConfigProblem> problems = new ArrayList<>();
        List<ConfigLayer> layers = new ArrayList<>();
        layers.add(defaults());
        ConfigLayer user = userFile(userFile, problems);
        String chosen = environmentName(env, user, flags);
        ConfigLayer manifest = manifest(chosen, env, problems);
        if (manifest != null) {
            layers.add(manifest);
        }
        if (user != null) {
            layers.add(user);
        }
        layers.addAll(environmentVariables(schema));
        layers.addAll(systemProperties(schema));
        layers.addAll(flags);

        Map<String, ConfigValue> merged = merge(layers, schema, problems);
        problems.addAll(schema.check(merged));
        ConfigValue named = merged.get("kortana.environment");
        if (manifest != null && named != null && !chosen.equalsIgnoreCase(named.value().trim())) {
            problems.add(new ConfigProblem("kortana.environment", named.source(), "says " + named.value()
                    + " but the " + chosen + " manifest was applied", "remove it, or choose the environment with --env or"
                    + " KORTANA_ENV"));
        }
        return new KortanaConfig(chosen, merged, problems, schema);
    }

    private static ConfigLayer defaults() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is missing from the jar");
            }
            return ConfigLayer.properties(DEFAULTS, in, false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the packaged application.properties", e);
        }
    }

    private ConfigLayer userFile(Path flag, List<ConfigProblem> problems) {
        Path path = flag;
        String named = "--config";
        if (path == null && environment.get("KORTANA_CONFIG") != null && !environment.get("KORTANA_CONFIG").isBlank()) {
            path = Path.of(environment.get("KORTANA_CONFIG").trim());
            named = "KORTANA_CONFIG";
        }
        if (path == null) {
            return null;
        }
        Path file = workingDir.resolve(path).normalize();
        try (InputStream in = Files.newInputStream(file)) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".properties")
                    ? ConfigLayer.properties(path.toString(), in, true)
                    : ConfigLayer.yaml(path.toString(), in);
        } catch (IOException e) {
            problems.add(new ConfigProblem(named, path.toString(), Files.isReadable(file) ? e.getMessage() : "no such readable file",
                    "point " + named + " at a readable YAML (.yaml) or properties (.properties) file"));
            return null;
        }
    }

    /** {@code --env}, else {@code KORTANA_ENV}, else what the user file or the flags say, else local. */
    private String environmentName(String flag, ConfigLayer user, List<ConfigLayer> flags) {
        String name = flag;
        if (name == null) {
            name = environment.get("KORTANA_ENV");
        }
        if (name == null && user != null) {
            name = user.values().get("kortana.environment");
        }
        for (ConfigLayer layer : flags) {
            if (name == null) {
                name = layer.values().get("kortana.environment");
            }
        }
        return name == null || name.isBlank() ? "local" : name.trim().toLowerCase(Locale.ROOT);
    }

    private ConfigLayer manifest(String env, String flag, List<ConfigProblem> problems) {
        String source = flag != null ? "--env" : "KORTANA_ENV";
        if (!ENVIRONMENTS.contains(env)) {
            String near = Spelling.closest(env, ENVIRONMENTS);
            problems.add(new ConfigProblem("kortana.environment", source, "'" + env + "' is not an environment",
                    (near == null ? "use one of " + String.join(", ", ENVIRONMENTS) : "did you mean " + near + "?")));
            return null;
        }
        String dir = environment.get("KORTANA_ENV_DIR");
        if (dir != null && !dir.isBlank()) {
            Path file = Path.of(dir.trim(), env + ".yaml");
            try (InputStream in = Files.newInputStream(file)) {
                return ConfigLayer.yaml(file.toString(), in);
            } catch (IOException e) {
                problems.add(new ConfigProblem("KORTANA_ENV_DIR", file.toString(), Files.isReadable(file)
                        ? "cannot be read: " + e.getMessage() : "has no manifest " + env + ".yaml",
                        "put the " + env + " manifest there, or unset KORTANA_ENV_DIR to use the packaged one"));
                return null;
            }
        }
        String packaged = "cloud/" + env + ".yaml";
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(packaged)) {
            if (in == null) {
                throw new IllegalStateException(packaged + " is missing from the jar");
            }
            return ConfigLayer.yaml("classpath:" + packaged, in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the packaged " + packaged, e);
        }
    }

    /** One layer per variable, so each value names the variable it came from. */
    private List<ConfigLayer> environmentVariables(ConfigSchema schema) {
        List<ConfigLayer> layers = new ArrayList<>();
        EnvironmentNames.settings(schema.keys(), environment).forEach((key, named) ->
                layers.add(ConfigLayer.of("env " + named.getKey(), Map.of(key, named.getValue()))));
        return layers;
    }

    private List<ConfigLayer> systemProperties(ConfigSchema schema) {
        List<ConfigLayer> layers = new ArrayList<>();
        for (String key : schema.keys()) {
            String value = systemProperties.getProperty(key);
            if (value != null) {
                layers.add(ConfigLayer.of("-D" + key, Map.of(key, value)));
            }
        }
        return layers;
    }

    /** The winning value of each key; only a winner's references are resolved (an overridden one need not be). */
    private Map<String, ConfigValue> merge(List<ConfigLayer> layers, ConfigSchema schema, List<ConfigProblem> problems) {
        Map<String, ConfigValue> written = new TreeMap<>();
        for (ConfigLayer layer : layers) {
            layer.values().forEach((key, value) -> {
                boolean reference = References.isReference(value);
                if (schema.secret(key) && layer.fromFile() && !value.isBlank() && !References.isSecretReference(value)) {
                    problems.add(new ConfigProblem(key, layer.source(), reference
                                    ? "is a secret: its value must be one reference, with no default"
                                    : "is a secret written as a value in a file",
                            "write ${env:NAME} or ${file:PATH} and keep the secret in your secret store"));
                }
                written.put(key, new ConfigValue(key, value, layer.source(), reference ? value : null));
            });
        }
        References references = new References(environment);
        Map<String, ConfigValue> merged = new TreeMap<>();
        written.forEach((key, v) -> merged.put(key, v.reference() == null ? v : new ConfigValue(key,
                references.resolve(key, v.value(), v.source(), schema.secret(key), problems), v.source(), v.reference())));
        return merged;
    }
}
