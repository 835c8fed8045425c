package dev.kortana.routes;

import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;

/**
 * Base of the route tests: a plain CamelContext (no database, no HTTP server) with the shipped
 * application.properties and a test's {@link #overrides()} on top. Advice is on, so a test changes the far ends of
 * its routes with {@code AdviceWith} and then starts the context itself.
 */
public abstract class RouteTestSupport extends CamelTestSupport {

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        // Read here, once per test, rather than in configureContext (the constructor): overrides may name the test's
        // own fields, such as a @TempDir.
        Properties properties = new Properties();
        properties.putAll(overrides());
        context.getPropertiesComponent().setOverrideProperties(properties);
        return context;
    }

    /** Settings that differ from the shipped defaults in this test, e.g. short retry delays or a @TempDir data-dir. */
    protected Map<String, String> overrides() {
        return Map.of();
    }
}
