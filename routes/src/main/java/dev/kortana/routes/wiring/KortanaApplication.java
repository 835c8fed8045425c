package dev.kortana.routes.wiring;

import dev.kortana.routes.api.ApprovalsRoute;
import dev.kortana.routes.api.AuditRoute;
import dev.kortana.routes.api.MaintenanceApiRoute;
import dev.kortana.routes.api.MetricsApiRoute;
import dev.kortana.routes.api.MemoryRoute;
import dev.kortana.routes.api.OperatorApiRoute;
import dev.kortana.routes.api.PromptsRoute;
import dev.kortana.routes.api.TaskQueryRoute;
import dev.kortana.routes.ingest.FileIngestRoute;
import dev.kortana.routes.ingest.HttpIngestRoute;
import dev.kortana.routes.ingest.IntakeRoute;
import dev.kortana.routes.ingest.KafkaIngestRoute;
import dev.kortana.routes.maintenance.MemoryMaintenanceRoute;
import dev.kortana.routes.pipeline.ApprovalEventsRoute;
import dev.kortana.routes.pipeline.ErrorHandlingConfiguration;
import dev.kortana.routes.pipeline.LeaseRoute;
import dev.kortana.routes.pipeline.MaintenanceRoute;
import dev.kortana.routes.pipeline.PlanningRoute;
import dev.kortana.routes.pipeline.PipelineRoute;
import dev.kortana.routes.pipeline.PromptUpkeepRoute;
import dev.kortana.routes.pipeline.PublishRoute;
import dev.kortana.routes.tools.ToolDispatchRoute;
import dev.kortana.config.ConfigLayer;
import dev.kortana.config.ConfigLoader;
import dev.kortana.config.KortanaConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** Assembles the Camel application: wiring, error policy and every route, on the configuration the loader merged. */
public final class KortanaApplication {

    private KortanaApplication() {}

    /** With {@code overrides} as the top layer (tests); a configuration problem is thrown, listing every one. */
    public static Main create(Map<String, String> overrides) {
        KortanaConfig config = ConfigLoader.forThisProcess().load(null, null, List.of(ConfigLayer.of("overrides", overrides)));
        if (!config.problems().isEmpty()) {
            throw new IllegalArgumentException(config.refusal());
        }
        return create(config);
    }

    /** The application on a configuration already checked. */
    public static Main create(KortanaConfig config) {
        Main main = new Main();
        // The loader's merged settings are Camel's only properties: no application.properties read a second time, and
        // no environment variable or system property overriding them behind the loader's order.
        main.setDefaultPropertyPlaceholderLocation("false");
        Properties initial = new Properties();
        initial.putAll(config.properties());
        main.setInitialProperties(initial);
        // Bound before Camel sets up its metrics, which then register in it (see PrometheusNames).
        main.bind(PrometheusNames.BEAN, PrometheusNames.registry());
        main.configure().addConfiguration(new KortanaConfiguration(config.changed()));
        main.configure().addRoutesBuilder(new ErrorHandlingConfiguration());
        main.configure().addRoutesBuilder(new IntakeRoute());
        main.configure().addRoutesBuilder(new FileIngestRoute());
        main.configure().addRoutesBuilder(new HttpIngestRoute());
        main.configure().addRoutesBuilder(new TaskQueryRoute());
        main.configure().addRoutesBuilder(new MemoryRoute());
        main.configure().addRoutesBuilder(new KafkaIngestRoute());
        main.configure().addRoutesBuilder(new PipelineRoute());
        main.configure().addRoutesBuilder(new ToolDispatchRoute());
        main.configure().addRoutesBuilder(new OperatorApiRoute());
        main.configure().addRoutesBuilder(new ApprovalsRoute());
        main.configure().addRoutesBuilder(new PromptsRoute());
        main.configure().addRoutesBuilder(new ApprovalEventsRoute());
        main.configure().addRoutesBuilder(new AuditRoute());
        main.configure().addRoutesBuilder(new PublishRoute());
        main.configure().addRoutesBuilder(new LeaseRoute());
        main.configure().addRoutesBuilder(new MaintenanceRoute());
        main.configure().addRoutesBuilder(new PlanningRoute());
        main.configure().addRoutesBuilder(new PromptUpkeepRoute());
        main.configure().addRoutesBuilder(new MemoryMaintenanceRoute());
        main.configure().addRoutesBuilder(new MaintenanceApiRoute());
        main.configure().addRoutesBuilder(new MetricsApiRoute());
        main.configure().addRoutesBuilder(new dev.kortana.routes.api.OpenApiRoute());
        main.configure().addRoutesBuilder(new dev.kortana.routes.api.DashboardRoute());
        main.configure().addRoutesBuilder(new dev.kortana.routes.observe.HeartbeatRoute());
        main.configure().addRoutesBuilder(new dev.kortana.routes.observe.PollingRoute());
        main.configure().addRoutesBuilder(new dev.kortana.routes.observe.AutonomyReportRoute());
        main.configure().addRoutesBuilder(new dev.kortana.routes.observe.EventRelayRoute());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                onlyTheLoadersProperties(m.getCamelContext());
                createRoutesFolder(m.getCamelContext());
            }
        });
        return main;
    }

    private static void onlyTheLoadersProperties(CamelContext context) {
        if (context.getPropertiesComponent() instanceof PropertiesComponent properties) {
            properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            properties.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
        }
    }

    /** Operators' YAML routes are read from {@code <data-dir>/routes} before any configuration class runs. */
    private static void createRoutesFolder(CamelContext context) {
        String dataDir = context.getPropertiesComponent().resolveProperty("kortana.data-dir").orElse("./data");
        try {
            Files.createDirectories(Path.of(dataDir.trim(), "routes"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir + "/routes for your YAML routes: " + e.getMessage(), e);
        }
    }
}
