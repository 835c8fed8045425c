package dev.kortana.processors.tools;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The catalog the project ships in config/tools.yaml, read from the module folder Maven runs tests in. */
public final class ShippedCatalog {

    public static final String PATH = "../config/tools.yaml";

    private ShippedCatalog() {}

    public static ToolCatalog load() {
        try (InputStream in = new FileInputStream(PATH)) {
            return ToolCatalog.load(in, PATH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
