package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tools Kor'tana knows, loaded from {@code tools.yaml}. */
public class ToolCatalog implements ToolLookup {

    private record CatalogFile(List<ToolSpec> tools) {}

    private final Map<String, ToolSpec> tools;
    private final List<ToolSpec> ordered;

    public ToolCatalog(Collection<ToolSpec> specs) {
        Map<String, ToolSpec> byName = new LinkedHashMap<>();
        for (ToolSpec spec : specs) {
            if (byName.put(spec.name(), spec) != null) {
                throw new IllegalArgumentException("tool " + spec.name() + " is declared twice");
            }
        }
        this.tools = Map.copyOf(byName);
        this.ordered = List.copyOf(byName.values());
    }

    /** Reads a catalog; {@code origin} names the file in error messages. */
    public static ToolCatalog load(InputStream yaml, String origin) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            CatalogFile file = mapper.readValue(yaml, CatalogFile.class);
            if (file == null || file.tools() == null || file.tools().isEmpty()) {
                throw new IllegalArgumentException(origin + ": no tools declared under 'tools:'");
            }
            return new ToolCatalog(file.tools());
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(origin + ": " + e.getOriginalMessage() + " at " + e.getPathReference(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": cannot read tool catalog: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ToolSpec> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    @Override
    public List<ToolSpec> all() {
        return ordered;
    }

    @Override
    public List<String> names() {
        return ordered.stream().map(ToolSpec::name).toList();
    }
}
