package dev.kortana.routes.wiring;

import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.tools.ToolCatalog;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.processors.tools.ToolSpecCheck;
import java.io.InputStream;
import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;

/** models.yaml and tools.yaml, read once at start-up; a file with a problem stops the start, naming it. */
final class CatalogFiles {

    private CatalogFiles() {}

    static ModelCatalog models(CamelContext context, String location) throws Exception {
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, location)) {
            return ModelCatalog.load(in, location, System::getenv);
        }
    }

    static ToolCatalog tools(CamelContext context, ToolSpecCheck check) throws Exception {
        String location = context.getPropertiesComponent().resolveProperty("kortana.tools.catalog").orElse("classpath:tools.yaml");
        ToolCatalog catalog;
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, location)) {
            catalog = ToolCatalog.load(in, location);
        }
        for (ToolSpec spec : catalog.all()) {
            var problems = check.fromFile(spec);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(location + ": tool " + spec.name() + ": " + problems.stream()
                        .map(p -> p.field() + " " + p.problem() + " (" + p.fix() + ")").toList());
            }
        }
        return catalog;
    }
}
