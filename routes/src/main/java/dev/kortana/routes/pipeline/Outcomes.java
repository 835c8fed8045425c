package dev.kortana.routes.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.Json;
import dev.kortana.processors.pipeline.TaskRun;

/** The published form of an outcome. */
public class Outcomes {

    /** Indented, for people reading outbox files. */
    public String json(TaskRun run) throws JsonProcessingException {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(run.context().outcome());
    }

    /** One line, for Kafka records. */
    public String compactJson(TaskRun run) throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(run.context().outcome());
    }

    /** Outcomes carry the key of the record that brought the task, so consumers can correlate. */
    public String replyKey(TaskRun run) {
        AgentContext context = run.context();
        return context.source().replyKey() != null ? context.source().replyKey() : context.taskId();
    }
}
