package dev.kortana.processors.prompts;

/** A prompt request that cannot be carried out as asked; {@link #status()} is 404 (no such template or version) or 409. */
public class PromptRefused extends RuntimeException {

    private final int status;

    public PromptRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
