package dev.kortana.routes;

/** Internal endpoints that tie the routes together. External ones (files, ports, topics) come from configuration. */
public final class Endpoints {

    public static final String INTAKE = "direct:intake";
    public static final String PIPELINE = "{{kortana.pipeline.queue}}";
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
    public static final String MODEL_OFFLINE = "direct:model-offline";
    public static final String KAFKA_OUTCOME_PREPARE = "direct:kafka-outcome-prepare";
    public static final String KAFKA_OUTCOME = "direct:kafka-outcome";

    private Endpoints() {}
}
