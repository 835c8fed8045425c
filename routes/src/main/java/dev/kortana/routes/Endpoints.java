package dev.kortana.routes;

/** Internal endpoints that tie the routes together. External ones (files, ports, topics) come from configuration. */
public final class Endpoints {

    public static final String INTAKE = "direct:intake";
    public static final String PIPELINE = "{{kortana.pipeline.queue}}";
    /** Queues a task reopened outside intake (decision, cancel, timeout, replay), once, with its lease held here. */
    public static final String RESUME = "direct:resume-task";
    public static final String PLAN = "direct:pipeline-plan";
    public static final String POLICY = "direct:pipeline-policy";
    public static final String EXECUTE = "direct:pipeline-execute";
    public static final String VALIDATE = "direct:pipeline-validate";
    public static final String MEMORY = "direct:pipeline-memory";
    public static final String REFLECT = "direct:pipeline-reflect";
    public static final String PUBLISH = "direct:pipeline-publish";
    public static final String FAIL_TASK = "direct:pipeline-fail";
    public static final String DEAD_LETTER = "direct:dead-letter";
    public static final String MODEL = "direct:model";
    public static final String MODEL_DISPATCH = "direct:model-dispatch";
    public static final String PROVIDER_OPENAI = "direct:provider-openai";
    public static final String PROVIDER_ANTHROPIC = "direct:provider-anthropic";
    public static final String PROVIDER_OLLAMA = "direct:provider-ollama";
    public static final String PROVIDER_OFFLINE = "direct:provider-offline";
    public static final String TOOL_DISPATCH = "direct:tool-dispatch";
    public static final String TOOL_ROUTE = "direct:tool-route";
    public static final String TOOL_KAFKA = "direct:tool-kafka";
    public static final String KAFKA_OUTCOME_PREPARE = "direct:kafka-outcome-prepare";
    public static final String KAFKA_OUTCOME = "direct:kafka-outcome";
    public static final String APPROVAL_EVENTS = "direct:approval-events";

    private Endpoints() {}

    /** The route of one configured model: its circuit breaker in front of its provider's route. */
    public static String model(String name) {
        return "direct:model-" + name;
    }
}
