package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.Usage;
import dev.kortana.processors.model.ModelGateway;

/** {@code text.summarize}: a summary of some text, written by whichever model the router picks. */
public class TextSummarizeTool implements Tool {

    private final ModelGateway models;

    public TextSummarizeTool(ModelGateway models) {
        this.models = models;
    }

    @Override
    public String name() {
        return "text.summarize";
    }

    @Override
    public ToolResult invoke(ToolCall call) {
        String text = call.text("text");
        int sentences = call.number("sentences", 3, 1, 20);
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("text", text);
        input.put("sentences", sentences);
        ModelResponse response = models.call(new ModelRequest("summarize", call.taskId(), call.tenant(), call.constraints(),
                "Summarise the text in at most " + sentences + " sentences.", input));
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.put("text", response.text());
        output.put("provider", response.provider());
        output.put("model", response.model());
        return new ToolResult(output, Usage.NONE.plus(response));
    }
}
