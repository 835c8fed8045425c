package dev.kortana.config;

import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.policy.PolicyBook;
import dev.kortana.processors.policy.PolicyFileException;
import dev.kortana.processors.tools.ToolCatalog;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.processors.tools.ToolSpecCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * models.yaml, tools.yaml and policies.yaml, found where the merged configuration points
 * ({@code kortana.models.catalog}, {@code kortana.tools.catalog}, {@code kortana.policy.file}) and checked by the same
 * readers the running service uses, so that their problems are listed with the rest of the configuration's.
 */
public final class CatalogSources {

    private CatalogSources() {}

    public static List<ConfigProblem> check(KortanaConfig config, Map<String, String> environment) {
        List<ConfigProblem> problems = new ArrayList<>();
        read(config, "kortana.models.catalog", problems, (in, location) -> ModelCatalog.load(in, location, environment::get));
        Set<String> schemes = Arrays.stream(orEmpty(config.value("kortana.tools.route.api-schemes")).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        read(config, "kortana.tools.catalog", problems, (in, location) -> {
            ToolSpecCheck check = new ToolSpecCheck(schemes);
            for (ToolSpec spec : ToolCatalog.load(in, location).all()) {
                check.fromFile(spec).forEach(p -> problems.add(new ConfigProblem(location, "kortana.tools.catalog",
                        "tool " + spec.name() + ": " + p.field() + " " + p.problem(), p.fix())));
            }
        });
        read(config, "kortana.policy.file", problems, (in, location) -> PolicyBook.load(in.readAllBytes(), location));
        return problems;
    }

    private interface Reader {
        void read(InputStream in, String location) throws IOException;
    }

    private static void read(KortanaConfig config, String key, List<ConfigProblem> problems, Reader reader) {
        String location = orEmpty(config.value(key)).trim();
        if (location.isEmpty()) {
            return;
        }
        String source = config.values().get(key).source();
        try (InputStream in = open(location)) {
            if (in == null) {
                problems.add(new ConfigProblem(key, source, location + " does not exist",
                        "point " + key + " at an existing file (file:/path) or a packaged one (classpath:name.yaml)"));
                return;
            }
            reader.read(in, location);
        } catch (PolicyFileException e) {
            e.problems().forEach(p -> problems.add(new ConfigProblem(location, key, p, "fix the file (docs/CONFIGURATION.md#policies)")));
        } catch (IOException | RuntimeException e) {
            problems.add(new ConfigProblem(location, key, String.valueOf(e.getMessage()), "fix the file; docs/CONFIGURATION.md describes it"));
        }
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            return CatalogSources.class.getClassLoader().getResourceAsStream(location.substring("classpath:".length()).replaceFirst("^/", ""));
        }
        Path path = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        return Files.isRegularFile(path) ? Files.newInputStream(path) : null;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
