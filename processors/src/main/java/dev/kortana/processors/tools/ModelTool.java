package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.Usage;
import dev.kortana.processors.model.ModelGateway;
import dev.kortana.processors.prompts.PromptBook;
import dev.kortana.processors.prompts.ShippedPrompts;

/**
 * The {@code model} tool kind: one call through the model router, within the task's budget and residency. A tool
 * with a {@code prompt} sends it with the arguments as input; one without (the shipped {@code text.summarize})
 * summarises its {@code text} argument in {@code sentences} sentences.
 */
public class ModelTool implements Tool {

    private final ModelGateway models;
    private final PromptBook prompts;

    public ModelTool(ModelGateway models, PromptBook prompts) {
        this.models = models;
        this.prompts = prompts;
    }

    @Override
    public String name() {
        return "model";
    }

    @Override
    public ToolResult invoke(ToolCall call) {
        ModelRequest request = call.spec() != null && call.spec().prompt() != null ? prompted(call) : summary(call);
        ModelResponse response = models.call(request);
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.put("text", response.text());
        output.put("provider", response.provider());
        output.put("model", response.model());
        return new ToolResult(output, Usage.NONE.plus(response));
    }

    private static ModelRequest prompted(ToolCall call) {
        return new ModelRequest("tool", call.taskId(), call.tenant(), call.constraints(), call.spec().prompt(),
                Json.MAPPER.valueToTree(call.args()));
    }

    private ModelRequest summary(ToolCall call) {
        String text = call.text("text");
        int sentences = call.number("sentences", 3, 1, 20);
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("text", text);
        input.put("sentences", sentences);
        return new ModelRequest("summarize", call.taskId(), call.tenant(), call.constraints(),
                prompts.choose(ShippedPrompts.SUMMARIZE, call.taskId()).with("sentences", sentences), input);
    }
}
