package dev.kortana.routes;

/** Every header and exchange property Kor'tana sets, in one place. */
public final class Headers {

    /** Ingestion channel of the task being accepted ({@link dev.kortana.contracts.Channel} name). */
    public static final String CHANNEL = "KortanaChannel";
    /** Task id to use when the submitted task has none. */
    public static final String FALLBACK_ID = "KortanaFallbackId";
    /** Channel-specific origin: file name, Kafka coordinates, HTTP client. */
    public static final String SOURCE_REF = "KortanaSourceRef";
    /** Key to publish the outcome under (the Kafka record key). */
    public static final String REPLY_KEY = "KortanaReplyKey";
    /** Provider (wire protocol) of the model being called. */
    public static final String MODEL_PROVIDER = "KortanaModelProvider";

    /** Exchange property: id of the task the pipeline is working on. */
    public static final String TASK_ID = "KortanaTaskId";
    /** The tenant of the task a pipeline exchange carries: with {@link #TASK_ID}, on every log line about the task. */
    public static final String TENANT = "KortanaTenant";
    /** Exchange property: the {@link dev.kortana.processors.pipeline.TaskRun} being worked on. */
    public static final String RUN = "KortanaRun";
    /** Exchange property: the {@link dev.kortana.routes.access.Principal} calling the HTTP API, set by {@link dev.kortana.routes.access.ApiAccess} before any work. */
    public static final String PRINCIPAL = "kortana.principal";
    /** Exchange property: how many times the failing step has been tried so far. */
    public static final String ATTEMPTS = "KortanaAttempts";
    /** Exchange property: the {@link dev.kortana.processors.model.ModelSpec} being called. */
    public static final String MODEL_SPEC = "KortanaModelSpec";
    /** Exchange property: the {@link dev.kortana.contracts.ModelRequest} being sent, kept while the body is on the wire. */
    public static final String MODEL_REQUEST = "KortanaModelRequest";
    /** Exchange property: the camel-http endpoint URI of the model call. */
    public static final String MODEL_URI = "KortanaModelUri";
    /** The kind of tool being called (http, sql, file, memory, model, kafka, route): the tool-dispatch choice(). */
    public static final String TOOL_KIND = "KortanaToolKind";
    public static final String TOOL_NAME = "KortanaToolName";
    public static final String TOOL_ENDPOINT = "KortanaToolEndpoint";
    public static final String TOOL_TOPIC = "KortanaToolTopic";
    public static final String TOOL_STEP = "KortanaToolStep";
    public static final String TOOL_TENANT = "KortanaTenant";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Exchange property: the inbox sub-folder a consumed file is moved to (.done or .error). */
    public static final String INBOX_FOLDER = "KortanaInboxFolder";

    /** Kafka record headers on outcomes and dead-lettered records. */
    public static final String KAFKA_TASK_ID = "kortana-task-id";
    public static final String KAFKA_STATUS = "kortana-status";
    public static final String KAFKA_ERROR = "kortana-error";
    public static final String KAFKA_ERROR_FIELDS = "kortana-error-fields";
    public static final String KAFKA_ERROR_FIXES = "kortana-error-fixes";

    private Headers() {}
}
