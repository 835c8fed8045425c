package dev.kortana.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kortana prompts propose}: a new version of a prompt, which runs only once someone approves it. */
@Command(name = "propose", mixinStandardHelpOptions = true,
        description = "Propose a new text for prompt NAME. It runs only after an approval (kortana approve prompt-NAME@VERSION)."
                + " Exit 0 when proposed.")
final class PromptProposeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME")
    String name;

    @ArgGroup(multiplicity = "1")
    Text text;

    static final class Text {
        @Option(names = "--text", description = "the whole prompt text")
        String inline;

        @Option(names = "--file", description = "a file holding the whole prompt text")
        Path file;
    }

    @Option(names = "--reason", required = true, description = "why this variant should do better")
    String reason;

    @Option(names = "--canary-share", description = "once approved, run it first for this share of the tasks (e.g. 0.1)")
    Double canaryShare;

    @Option(names = "--source", defaultValue = "person", description = "person (default) or model: who wrote it")
    String source;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("text", text.inline != null ? text.inline : Files.readString(text.file));
        body.put("reason", reason);
        body.put("source", source);
        if (canaryShare != null) {
            body.put("canaryShare", canaryShare);
        }
        return Answers.print(spec, address.client().post("/api/prompts/" + name + "/versions", body.toString()), 201);
    }
}
