package dev.kortana.routes.wiring;

import com.zaxxer.hikari.HikariDataSource;
import dev.kortana.config.Masking;
import dev.kortana.processors.intake.Intake;
import dev.kortana.processors.intake.TaskContract;
import dev.kortana.processors.maintenance.MemoryArchive;
import dev.kortana.processors.metrics.AutonomyMetrics;
import dev.kortana.processors.metrics.AutonomyReport;
import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.model.ModelRouter;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.ModelTransport;
import dev.kortana.processors.model.OfflineModel;
import dev.kortana.processors.observe.Heartbeats;
import dev.kortana.processors.observe.StoreCounts;
import dev.kortana.processors.observe.ToolHealth;
import dev.kortana.processors.observe.TracedModelTransport;
import dev.kortana.processors.observe.TracedToolTransport;
import dev.kortana.processors.pipeline.DeadLetterReplay;
import dev.kortana.processors.pipeline.ExecuteStage;
import dev.kortana.processors.pipeline.InFlightTasks;
import dev.kortana.processors.pipeline.Leases;
import dev.kortana.processors.pipeline.MemoryStage;
import dev.kortana.processors.pipeline.PipelineStart;
import dev.kortana.processors.pipeline.PlanCheck;
import dev.kortana.processors.pipeline.PlanStage;
import dev.kortana.processors.pipeline.PolicyStage;
import dev.kortana.processors.pipeline.ReflectStage;
import dev.kortana.processors.pipeline.TaskDeferrals;
import dev.kortana.processors.pipeline.TaskFinisher;
import dev.kortana.processors.pipeline.ValidateStage;
import dev.kortana.processors.policy.PolicyFilter;
import dev.kortana.processors.prompts.PromptBook;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.DeadLetterStore;
import dev.kortana.processors.store.HeartbeatStore;
import dev.kortana.processors.store.InboxClaimStore;
import dev.kortana.processors.store.LeaseStore;
import dev.kortana.processors.store.MemoryProvenance;
import dev.kortana.processors.store.MemoryStore;
import dev.kortana.processors.store.Migrations;
import dev.kortana.processors.store.ServerSettingsCheck;
import dev.kortana.processors.store.TaskStore;
import dev.kortana.processors.store.ToolCallLedger;
import dev.kortana.processors.store.ToolStore;
import dev.kortana.processors.store.ToolWaitStore;
import dev.kortana.processors.store.WriteBehind;
import dev.kortana.processors.tools.FileWriteTool;
import dev.kortana.processors.tools.HostAllowlist;
import dev.kortana.processors.tools.HttpRequestTool;
import dev.kortana.processors.tools.MemorySearchTool;
import dev.kortana.processors.tools.ModelTool;
import dev.kortana.processors.tools.SqlQueryTool;
import dev.kortana.processors.tools.ToolBreakers;
import dev.kortana.processors.tools.ToolInvoker;
import dev.kortana.processors.tools.ToolOutages;
import dev.kortana.processors.tools.ToolRegistry;
import dev.kortana.processors.tools.ToolSpecCheck;
import dev.kortana.processors.tools.ToolTransport;
import dev.kortana.routes.Headers;
import dev.kortana.routes.Settings;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.api.ApiFallback;
import dev.kortana.routes.api.AutonomyApi;
import dev.kortana.routes.api.EventStream;
import dev.kortana.routes.api.ForgetMemoryApi;
import dev.kortana.routes.api.HeartbeatsApi;
import dev.kortana.routes.api.HttpEdge;
import dev.kortana.routes.api.MemoryApi;
import dev.kortana.routes.api.MemoryFeedbackApi;
import dev.kortana.routes.api.ModelsApi;
import dev.kortana.routes.api.OperatorApi;
import dev.kortana.routes.api.ReconcileApi;
import dev.kortana.routes.api.TaskApi;
import dev.kortana.routes.ingest.InboxClaims;
import dev.kortana.routes.ingest.InboxNames;
import dev.kortana.routes.ingest.InboxRejections;
import dev.kortana.routes.ingest.InboxSweep;
import dev.kortana.routes.ingest.IntakeProcessor;
import dev.kortana.routes.model.ModelBreakers;
import dev.kortana.routes.model.ModelMetrics;
import dev.kortana.routes.model.ModelRouteTransport;
import dev.kortana.routes.model.ModelRouterRoute;
import dev.kortana.routes.model.RouterModelGateway;
import dev.kortana.routes.observe.HeartbeatHealth;
import dev.kortana.routes.observe.SchedulerRuns;
import dev.kortana.routes.pipeline.Outcomes;
import dev.kortana.routes.pipeline.PipelineSpans;
import dev.kortana.routes.pipeline.QueueHandback;
import dev.kortana.routes.pipeline.StageTimes;
import dev.kortana.routes.pipeline.TaskFailures;
import dev.kortana.routes.pipeline.TaskMetrics;
import dev.kortana.routes.tools.KafkaToolCall;
import dev.kortana.routes.tools.RouteToolCall;
import dev.kortana.routes.tools.ToolRouteTransport;
import dev.kortana.routes.tools.ToolSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.mdc.MDCService;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Kor'tana's objects in dependency order (database, store, tools, stages) and binds them by name for the
 * routes. Plain constructor wiring: reading this method shows the whole application.
 */
class KortanaConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KortanaConfiguration.class);

    /** The registry name of the {@link WriteBehind} that telemetry goes through. */
    static final String WRITE_BEHIND = "writeBehind";
    static final String WRITE_BEHIND_MS = "kortana.store.write-behind-ms";

    private final Map<String, String> given;

    /** {@code given}: the settings not from the packaged defaults (manifest, file, environment, flags), to say what changed. */
    KortanaConfiguration(Map<String, String> given) {
        this.given = Map.copyOf(given);
    }

    /**
     * Every log line written while a task's exchange is processed (pipeline stages, tool workers) carries the task's id
     * and tenant, and with tracing on its trace and span ids, in the MDC, from its exchange properties: camel-mdc around every processor. Set up here because
     * {@code camel.mdc.customExchangeProperties} does not bind to camel-mdc's own setter in Camel 4.18.
     */
    private static void taskMdc(CamelContext context) {
        MDCService mdc = new MDCService();
        mdc.setCamelContext(context);
        mdc.setCustomProperties(Headers.TASK_ID + "," + Headers.TENANT + "," + PipelineSpans.TRACE_ID + "," + PipelineSpans.SPAN_ID);
        mdc.init(context);
    }

    /**
     * Gauges of what waits in the shared store (counted by the {@code store-counts} route, bean {@code storeCounts})
     * and the count of tasks this instance took over from a dead worker.
     */
    private static void storeGauges(CamelContext context, StoreCounts counts, Leases leases) {
        context.getRegistry().bind("storeCounts", counts);
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (meters == null) {
            return; // not the packaged application (a test without metrics)
        }
        Gauge.builder("kortana.approvals.waiting", counts, StoreCounts::approvalsWaiting)
                .description("Approval requests waiting for a person, cluster-wide (-1 before the first count)").register(meters);
        Gauge.builder("kortana.dead.letters.open", counts, StoreCounts::deadLetters)
                .description("Dead letters not replayed, cluster-wide (-1 before the first count)").register(meters);
        Gauge.builder("kortana.memories", counts, StoreCounts::memories)
                .description("Memories kept, cluster-wide (-1 before the first count)").register(meters);
        FunctionCounter.builder("kortana.lease.takeovers", leases, Leases::takeovers)
                .description("Tasks this instance took over from a worker whose lease ran out").register(meters);
    }

    /**
     * This instance's heartbeat: the database (the beat itself), the sweeper (it ran lately), the memory index (it can be
     * written), each model (breaker closed and not misconfigured) and each tool circuit whose breaker is not closed.
     */
    private static Heartbeats heartbeats(CamelContext context, Database db, String node, Leases leases,
            MemoryWiring.Memory memory, ModelCatalog models, ModelBreakers modelBreakers, ModelRouter router, ToolBreakers tools,
            SchedulerRuns schedulers, ToolHealth toolHealth) {
        var properties = context.getPropertiesComponent();
        Duration interval = Duration.ofMillis(Settings.number(properties, "kortana.heartbeat.interval-ms", "5000"));
        Duration sweep = Duration.ofMillis(Settings.number(properties, "kortana.lease.sweep-ms", "5000"));
        Duration forgetAfter = Duration.ofMillis(Settings.number(properties, "kortana.heartbeat.forget-after-ms", "3600000"));
        return new Heartbeats(new HeartbeatStore(db), node, interval, forgetAfter, () -> {
            List<HeartbeatStore.Beat> beats = new ArrayList<>();
            Duration sinceSweep = Duration.between(leases.lastSweep(), java.time.Instant.now());
            boolean sweeping = sinceSweep.compareTo(sweep.multipliedBy(3).plus(interval)) <= 0;
            beats.add(new HeartbeatStore.Beat("lease-sweeper", sweeping, sweeping ? null : "no sweep for " + sinceSweep.toSeconds() + " s"));
            boolean indexBroken = memory.index().broken();
            beats.add(new HeartbeatStore.Beat("memory-index", !indexBroken,
                    indexBroken ? "cannot be written; memory search uses full text until memory-index-repair reopens it" : null));
            boolean anyModel = false;
            for (ModelSpec model : models.all()) {
                String state = modelBreakers.state(model.name());
                boolean misconfigured = router.stats(model.name()).isMisconfigured();
                boolean ok = !misconfigured && !"OPEN".equals(state);
                anyModel |= ok;
                beats.add(new HeartbeatStore.Beat("model:" + model.name(), ok, misconfigured ? "misconfigured (see /api/models)"
                        : ok ? null : "circuit " + state + Optional.ofNullable(modelBreakers.openedBy(model.name()))
                                .map(f -> " after " + f).orElse("")));
            }
            beats.add(new HeartbeatStore.Beat("model-router", anyModel,
                    anyModel ? null : "no model can answer: every circuit is open or its model misconfigured"));
            tools.notClosed().forEach((circuit, why) -> beats.add(new HeartbeatStore.Beat("tool:" + circuit, false, why)));
            beats.addAll(schedulers.beats());
            beats.addAll(toolHealth.beats());
            if (Settings.kafkaEnabled(context)) {
                beats.add(kafka(context));
            }
            return beats;
        });
    }

    /**
     * Kafka as this instance's Kafka consumers see it (the state Camel's own Kafka health check reads): one beat, failing
     * while any consumer is not connected, with the consumer's own account of why.
     */
    private static HeartbeatStore.Beat kafka(CamelContext context) {
        List<String> down = new ArrayList<>();
        boolean seen = false;
        for (org.apache.camel.Route route : context.getRoutes()) {
            if (route.getConsumer() instanceof org.apache.camel.component.kafka.KafkaConsumer consumer) {
                seen = true;
                for (var state : consumer.healthStates()) {
                    if (!state.isReady()) {
                        down.add(route.getRouteId() + ": " + state.buildStateMessage());
                    }
                }
            }
        }
        if (!seen) {
            return new HeartbeatStore.Beat("kafka", false, "no Kafka consumer is running");
        }
        return new HeartbeatStore.Beat("kafka", down.isEmpty(), down.isEmpty() ? null : String.join("; ", down));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        LOG.info("Settings changed from the packaged defaults (secrets masked): {}", Masking.describe(given));
        taskMdc(context);
        Settings settings = Settings.from(context);
        settings.validate();
        ApiAccess access = ApiAccess.from(context); // first: without API keys only a local run on loopback starts
        ServerPort.requireFree(context);
        Resources resources = new Resources();
        context.addService(resources, true, true);
        try {
            wire(context, settings, access, resources);
        } catch (Exception | Error e) {
            resources.stop(); // a start that fails leaves no embedded database, pool or data-dir lock behind
            throw e;
        }
    }

    private void wire(CamelContext context, Settings settings, ApiAccess access, Resources resources) throws Exception {
        resources.closeOnStop(DataDirLock.acquire(settings.dataDir()));
        Files.createDirectories(settings.inbox());
        Files.createDirectories(settings.outbox().resolve("files"));
        String node = NodeNames.resolve(settings.nodeId());

        Optional<OpenTelemetry> tracing = TracingWiring.start(context, node, resources);
        Optional<Tracer> tracer = tracing.map(TracingWiring::tracer);
        tracer.ifPresent(t -> context.addRoutePolicyFactory(new PipelineSpans(t, node)));

        HikariDataSource dataSource = Pool.open(settings, resources);
        int migrations = Migrations.migrate(dataSource, settings.dbSchema());
        LOG.info("Store ready: schema {} ({} migrations applied now); worker {}", settings.dbSchema(), migrations, node);

        Database db = new Database(dataSource);
        ServerSettingsCheck.warnIfAutovacuumOff(db);
        long writeBehindMs = Settings.number(context.getPropertiesComponent(), WRITE_BEHIND_MS, "200");
        if (writeBehindMs < 0) {
            throw new IllegalArgumentException(WRITE_BEHIND_MS + " = " + writeBehindMs + " is negative; use 0 (write"
                    + " telemetry at once, still grouped) or more");
        }
        WriteBehind behind = WriteBehind.start(db, Duration.ofMillis(writeBehindMs), 10_000);
        resources.closeOnStop(behind); // before the pool, which was registered earlier
        context.getRegistry().bind(WRITE_BEHIND, behind);
        TaskStore tasks = new TaskStore(db);
        CheckpointStore checkpoints = new CheckpointStore(db, node);
        MemoryWiring.Memory memoryParts = MemoryWiring.start(settings, MemorySettings.from(context), db, resources,
                context.getRegistry());
        MemoryStore memory = memoryParts.store();
        InFlightTasks inFlight = new InFlightTasks();
        Leases leases = new Leases(new LeaseStore(db), inFlight, node, settings.lease());
        resources.closeOnStop(() -> LOG.info("Released {} leases for the next worker", leases.releaseAll()));
        context.getManagementStrategy().addEventNotifier(new QueueHandback(context, leases)); // SIGTERM: queued tasks go at once
        ToolSettings toolSettings = ToolSettings.from(context);
        ToolSpecCheck specCheck = new ToolSpecCheck(toolSettings.apiRouteSchemes());
        ToolRegistry toolRegistry = new ToolRegistry(CatalogFiles.tools(context, specCheck), new ToolStore(db), specCheck,
                toolSettings.refresh(), Clock.systemUTC());
        HostAllowlist httpHosts = HostAllowlist.parse(settings.httpAllowedHosts());
        PolicyFilter policy = new PolicyFilter(toolRegistry, settings.allowedTools(), httpHosts);
        DeadLetterStore deadLetters = new DeadLetterStore(db);
        GovernanceWiring.Governance governance = GovernanceWiring.start(context, db, node, settings.dataDir(), access,
                checkpoints, tasks, resources);
        MemoryArchive archive = MaintenanceWiring.start(context, settings, dataSource, db, node, governance.audit());
        ModelCatalog modelCatalog = CatalogFiles.models(context, settings.modelsCatalog());
        SpendWiring spend = SpendWiring.start(context, db, modelCatalog, behind, resources);
        ModelBreakers breakers = new ModelBreakers(modelCatalog);
        ModelRouter modelRouter = new ModelRouter(modelCatalog, tracer.<ModelTransport>map(t -> new TracedModelTransport(new ModelRouteTransport(context), t))
                .orElseGet(() -> new ModelRouteTransport(context)), spend.spender(),
                new ModelMetrics(context), duration -> Thread.sleep(duration.toMillis()), governance.models());
        LOG.info("Models: {}", modelCatalog.all().stream().map(m -> m.name() + " (" + m.provider() + ")").toList());
        RouterModelGateway models = new RouterModelGateway(context);
        TaskMetrics taskMetrics = new TaskMetrics(context);
        context.addRoutePolicyFactory(new StageTimes(taskMetrics));
        storeGauges(context, new StoreCounts(db), leases);
        MemoryStage memoryStage = new MemoryStage(memory, memoryParts.quality(), checkpoints, taskMetrics::memoryFreshness);
        PlanningWiring planning = PlanningWiring.start(context, db);
        TaskFinisher finisher = new TaskFinisher(checkpoints, inFlight, governance.audit(), memoryStage,
                governance.prompts().statistics(), planning.episodes(), behind);
        PromptBook prompts = governance.prompts().book();

        Registry registry = context.getRegistry();
        registry.bind("settings", settings);
        registry.bind(ApiAccess.BEAN, access);
        int maxDepth = (int) Settings.number(context.getPropertiesComponent(), "kortana.intake.max-depth",
                String.valueOf(TaskContract.DEFAULT_MAX_DEPTH));
        registry.bind("intakeProcessor", new IntakeProcessor(new TaskContract(settings.maxTaskBytes(), maxDepth, toolSettings.caps().maxSteps()),
                new Intake(tasks, node, settings.lease()), inFlight, governance.admission()));
        ToolCallLedger ledger = new ToolCallLedger(db, node);
        registry.bind("taskApi", new TaskApi(tasks, checkpoints, deadLetters, ledger));
        registry.bind("memoryApi", new MemoryApi(memory, new MemoryProvenance(db)));
        registry.bind("memoryFeedbackApi", new MemoryFeedbackApi(memory, memoryParts.quality(), governance.audit()));
        registry.bind("forgetMemoryApi", new ForgetMemoryApi(memory, memoryParts.forgetting(), archive, governance.audit()));
        registry.bind("inboxRejections", new InboxRejections(settings.inbox()));
        registry.bind("inboxNames", new InboxNames<>());
        InboxClaims inboxClaims = new InboxClaims(new InboxClaimStore(db), node, settings.lease(), settings.sharedInbox());
        registry.bind("inboxClaims", inboxClaims);
        resources.closeOnStop(inboxClaims::clear); // after the routes stopped: the files it was reading are free at once
        registry.bind("inboxSweep", new InboxSweep(settings.inbox(), taskMetrics::inboxSkipped));
        registry.bind("leases", leases);
        registry.bind("pipelineStart", new PipelineStart(leases, checkpoints));
        registry.bind("taskDeferrals", new TaskDeferrals(leases, checkpoints));
        registry.bind("planStage", new PlanStage(models, prompts, policy, checkpoints,
                new PlanCheck(new TaskContract(settings.maxTaskBytes(), maxDepth, toolSettings.caps().maxSteps())), modelCatalog.routing().planRepairs(),
                planning.history()));
        registry.bind("policyStage", new PolicyStage(policy, governance.policies(), toolRegistry, checkpoints,
                governance.audit(), governance.gate(), Clock.systemUTC()));
        ToolWaitStore toolWaits = new ToolWaitStore(db);
        ToolBreakers toolBreakers = new ToolBreakers(toolSettings.breaker(), Clock.systemUTC());
        ToolInvoker invoker = new ToolInvoker(tracer.<ToolTransport>map(t -> new TracedToolTransport(new ToolRouteTransport(context), t))
                .orElseGet(() -> new ToolRouteTransport(context)), ledger, Thread::sleep,
                new ToolOutages(toolBreakers, toolWaits, toolSettings.patience(), toolSettings.breaker().cooldown(), Clock.systemUTC()),
                toolRegistry, governance.audit());
        registry.bind("executeStage", new ExecuteStage(toolRegistry, invoker, checkpoints, toolSettings.caps(),
                governance.audit(), planning.steps()));
        // A step on the tool pool runs under the execute stage's span (the context goes with each task given to the pool).
        registry.bind("toolWorkers", io.opentelemetry.context.Context.taskWrapping(context.getExecutorServiceManager()
                .newThreadPool(this, "tool-worker", toolSettings.parallelism(), toolSettings.parallelism())));
        registry.bind("memoryTool", new MemorySearchTool(memory));
        registry.bind("modelTool", new ModelTool(models, prompts));
        registry.bind("fileTool", new FileWriteTool(settings.outbox().resolve("files"), settings.maxTaskBytes()));
        HttpRequestTool httpTool = new HttpRequestTool(httpHosts, settings.httpTimeout(), settings.maxTaskBytes());
        registry.bind("httpTool", httpTool);
        // A pass of the tools' health checks ends within two HTTP timeouts, well inside the scheduler's own limit.
        ToolHealth toolHealth = new ToolHealth(toolRegistry::all, httpTool, settings.httpTimeout().multipliedBy(2));
        resources.closeOnStop(toolHealth::close);
        registry.bind("toolHealth", toolHealth);
        SqlQueryTool sql = new SqlQueryTool(toolSettings.sqlMaxRows(), System::getenv);
        resources.closeOnStop(sql);
        registry.bind("sqlTool", sql);
        Thread roleCheck = new Thread(() -> sql.checkRoles(toolRegistry.all()), "sql-role-check"); // never delays start-up
        roleCheck.setDaemon(true);
        roleCheck.start();
        registry.bind("routeToolCall", new RouteToolCall());
        registry.bind("kafkaToolCall", new KafkaToolCall(settings.kafkaEnabled()));
        registry.bind("operatorApi", new OperatorApi(toolRegistry, deadLetters,
                new DeadLetterReplay(deadLetters, ledger, toolWaits, tool -> toolRegistry.find(tool)
                        .map(t -> t.honoursIdempotencyKey() || t.reconcile() != null).orElse(false)),
                toolBreakers, context.createProducerTemplate()));
        registry.bind("autonomyApi", new AutonomyApi(new AutonomyMetrics(db), Clock.systemUTC()));
        registry.bind("autonomyReport", new AutonomyReport(new AutonomyMetrics(db), db, settings.dataDir().resolve("reports"), node,
                Clock.systemUTC()));
        SchedulerRuns schedulers = new SchedulerRuns(context, Clock.systemUTC());
        context.getManagementStrategy().addEventNotifier(schedulers);
        Heartbeats heartbeats = heartbeats(context, db, node, leases, memoryParts, modelCatalog, breakers, modelRouter, toolBreakers,
                schedulers, toolHealth);
        registry.bind("heartbeats", heartbeats);
        MeterRegistry meters = registry.findSingleByType(MeterRegistry.class);
        if (meters != null) {
            Gauge.builder("kortana.alerts.open", heartbeats, h -> h.alerts().size())
                    .description("Alerts open as this instance sees the cluster: failing components and silent instances")
                    .register(meters);
        }
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                heartbeats.leave(); // a graceful stop is not an alert on the other instances
            }
        }, true, true);
        registry.bind("heartbeatsApi", new HeartbeatsApi(heartbeats));
        registry.bind("eventRelay", new dev.kortana.processors.observe.EventRelay(db, tasks, node, Duration.ofSeconds(30), 500));
        HealthCheckRegistry.get(context).register(new HeartbeatHealth(heartbeats));
        registry.bind("reconcileApi", new ReconcileApi(governance.approvals(), tasks, ledger, toolRegistry, access,
                governance.audit(), context.createProducerTemplate()));
        registry.bind("validateStage", new ValidateStage(checkpoints));
        registry.bind("memoryStage", memoryStage);
        registry.bind("reflectStage", new ReflectStage(models, prompts, checkpoints, memory));
        registry.bind("taskFinisher", finisher);
        registry.bind("taskFailures", new TaskFailures(finisher, deadLetters));
        registry.bind("outcomes", new Outcomes());
        registry.bind("taskMetrics", taskMetrics);
        registry.bind("modelRouter", modelRouter);
        registry.bind("offlineModel", new OfflineModel());
        registry.bind("modelsApi", new ModelsApi(modelCatalog, modelRouter, breakers, spend.store()));
        registry.bind("spendStore", spend.store());
        registry.bind("budgetSlices", spend.slices());
        breakers.bind(registry);
        context.addStartupListener(new ApiFallback()); // after every /api route: 404 and 405 as problem+json
        context.addStartupListener(new HttpEdge()); // codings refused before any route; 413, 500, other 404s as problem+json
        context.addStartupListener(new EventStream(tasks, access, // GET /api/events/stream: Server-Sent Events
                (int) Settings.number(context.getPropertiesComponent(), "kortana.events.max-streams", "50")));
        // The model routes depend on the catalog (one route per model), so they are added here rather than listed
        // in KortanaApplication.
        context.addRoutes(new ModelRouterRoute(modelCatalog));
    }
}
