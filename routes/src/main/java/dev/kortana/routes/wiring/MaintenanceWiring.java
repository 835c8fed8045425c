package dev.kortana.routes.wiring;

import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.maintenance.MaintenanceJobs;
import dev.kortana.processors.maintenance.MemoryArchive;
import dev.kortana.processors.memory.Embedder;
import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import dev.kortana.routes.Settings;
import dev.kortana.routes.api.MaintenanceApi;
import dev.kortana.routes.maintenance.MaintenanceMetrics;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * The maintenance jobs from the {@code kortana.memory.maintenance.*} settings, over the memory parts MemoryWiring bound
 * ({@code memoryEmbedder}, {@code memoryIndex}); binds {@code maintenanceJobs}, {@code maintenanceMetrics},
 * {@code memoryArchive} (for forgetting from the archive) and {@code maintenanceApi}.
 */
final class MaintenanceWiring {

    private MaintenanceWiring() {}

    /** Wires the maintenance jobs and their API; returns the archive, which forgetting must reach too. */
    static MemoryArchive start(CamelContext context, Settings settings, DataSource dataSource, Database db, String node,
            AuditTrail audit) {
        Registry registry = context.getRegistry();
        Embedder embedder = registry.lookupByNameAndType("memoryEmbedder", Embedder.class);
        VectorIndex index = registry.lookupByNameAndType("memoryIndex", VectorIndex.class);
        MaintenanceSettings maintenance = MaintenanceSettings.from(context, settings.dataDir());
        MemoryArchive archive = new MemoryArchive(db, index, embedder.model(), maintenance.archiveDir(), Clock.systemUTC());
        MaintenanceJobs jobs = new MaintenanceJobs(dataSource, db, embedder, index, archive, maintenance.policy(), node,
                Clock.systemUTC());
        MaintenanceMetrics metrics = new MaintenanceMetrics(context);
        registry.bind("maintenanceJobs", jobs);
        registry.bind("maintenanceMetrics", metrics);
        registry.bind("memoryArchive", archive);
        registry.bind("maintenanceApi", new MaintenanceApi(jobs, metrics, audit));
        return archive;
    }
}
