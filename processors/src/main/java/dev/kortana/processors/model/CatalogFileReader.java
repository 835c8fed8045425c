package dev.kortana.processors.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads models.yaml into its parts, unchecked; a file that does not map names the key at fault. */
final class CatalogFileReader {

    private CatalogFileReader() {}

    /** The declared parts of the file; {@code origin} names it in errors. */
    static ModelCatalog.CatalogFile read(InputStream yaml, String origin) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ModelCatalog.CatalogFile file;
        try {
            file = mapper.readValue(yaml, ModelCatalog.CatalogFile.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(origin + ": " + path(e) + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": cannot read the model catalog: " + firstLine(e.getMessage()), e);
        }
        if (file == null || file.models() == null || file.models().isEmpty()) {
            throw new IllegalArgumentException(origin + ": no models declared under 'models:'; declare at least the"
                    + " offline model (provider: offline)");
        }
        return file;
    }

    /** "models[1].price-per-1k-input" from Jackson's reference chain. */
    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                parts.add((parts.isEmpty() ? "" : ".") + ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                parts.add("[" + ref.getIndex() + "]");
            }
        }
        return parts.isEmpty() ? "(top level)" : String.join("", parts);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
