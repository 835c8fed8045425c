package dev.kortana.processors.model;

import dev.kortana.contracts.ModelRequest;
import java.nio.charset.StandardCharsets;

/** How a {@link ModelRequest} becomes chat messages, the same for every wire protocol. */
public final class Prompts {

    /** Per-message framing tokens the providers add (role markers and separators), rounded up generously. */
    private static final int FRAMING_TOKENS = 32;

    private Prompts() {}

    public static String system(ModelRequest request) {
        return request.prompt() == null ? "" : request.prompt();
    }

    /** The structured input as the user message: compact JSON, which every model reads well. */
    public static String user(ModelRequest request) {
        return request.input() == null ? "{}" : request.input().toString();
    }

    /**
     * An upper bound of the prompt's tokens: one token per UTF-8 byte. Byte-level tokenizers never produce more
     * tokens than bytes, so a reservation made with this bound cannot be exceeded by the real count.
     */
    public static long maxPromptTokens(ModelRequest request) {
        return system(request).getBytes(StandardCharsets.UTF_8).length
                + user(request).getBytes(StandardCharsets.UTF_8).length + FRAMING_TOKENS;
    }
}
