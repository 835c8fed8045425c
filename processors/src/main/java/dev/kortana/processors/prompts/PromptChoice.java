package dev.kortana.processors.prompts;

/**
 * The prompt a task gets for one model call: the template's text at {@code version}, chosen by {@link PromptBook}.
 *
 * @param canary whether the version is a canary, which only a share of the tasks get
 */
public record PromptChoice(String name, int version, String text, boolean canary) {

    /** The text with {@code {{placeholder}}} replaced by {@code value}; a template without the placeholder is unchanged. */
    public String with(String placeholder, Object value) {
        return text.replace("{{" + placeholder + "}}", String.valueOf(value));
    }
}
