package dev.kortana.routes.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.Json;
import dev.kortana.processors.pipeline.TaskRun;
import dev.kortana.processors.store.TaskKeys;

/** The published form of an outcome. */
public class Outcomes {

    /** Indented, for people reading outbox files. */
    public String json(TaskRun run) throws JsonProcessingException {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(published(run));
    }

    /** One line, for Kafka records. */
    public String compactJson(TaskRun run) throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(published(run));
    }

    /** Outcomes carry the key of the record that brought the task, so consumers can correlate. */
    public String replyKey(TaskRun run) {
        AgentContext context = run.context();
        return context.source().replyKey() != null ? context.source().replyKey() : taskId(run);
    }

    /** The id the task's sender chose or was given, never the stored key: what outbox names and record headers carry. */
    public String taskId(TaskRun run) {
        return TaskKeys.clientId(run.taskId());
    }

    /** The outbox file of a file task's outcome. */
    public String fileName(TaskRun run) {
        return taskId(run) + ".json";
    }

    private AgentOutcome published(TaskRun run) {
        return run.context().outcome().withTaskId(taskId(run));
    }
}
