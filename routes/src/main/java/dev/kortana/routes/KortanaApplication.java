package dev.kortana.routes;

import dev.kortana.routes.wiring.KortanaConfiguration;
import java.util.Map;
import org.apache.camel.main.Main;

/** Assembles the Camel application: wiring, error policy and every route, with property overrides on top. */
public final class KortanaApplication {

    private KortanaApplication() {}

    public static Main create(Map<String, String> overrides) {
        Main main = new Main();
        main.configure().addConfiguration(new KortanaConfiguration());
        main.configure().addRoutesBuilder(new ErrorHandlingConfiguration());
        main.configure().addRoutesBuilder(new IntakeRoute());
        main.configure().addRoutesBuilder(new FileIngestRoute());
        main.configure().addRoutesBuilder(new HttpIngestRoute());
        main.configure().addRoutesBuilder(new TaskQueryRoute());
        main.configure().addRoutesBuilder(new KafkaIngestRoute());
        main.configure().addRoutesBuilder(new PipelineRoute());
        main.configure().addRoutesBuilder(new ToolDispatchRoute());
        main.configure().addRoutesBuilder(new OperatorApiRoute());
        main.configure().addRoutesBuilder(new PublishRoute());
        main.configure().addRoutesBuilder(new LeaseRoute());
        main.configure().addRoutesBuilder(new MaintenanceRoute());
        overrides.forEach(main::addOverrideProperty);
        return main;
    }
}
