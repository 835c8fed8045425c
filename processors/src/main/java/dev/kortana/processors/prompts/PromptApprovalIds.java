package dev.kortana.processors.prompts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids under which prompt proposals appear in the approvals API: {@code prompt-<name>@<version>}. A task id never
 * contains {@code @} (agent-task.schema.json), so the two kinds of approval cannot be confused.
 */
public final class PromptApprovalIds {

    private static final Pattern ID = Pattern.compile("^prompt-([a-z][a-z-]{0,30})@([0-9]{1,9})$");

    /** A name and version as an approval id names them. */
    public record Named(String name, int version) {}

    private PromptApprovalIds() {}

    public static String of(String name, int version) {
        return "prompt-" + name + "@" + version;
    }

    /** Whether {@code id} is meant as a prompt approval (well formed or not): it has an {@code @}, which no task id has. */
    public static boolean isPrompt(String id) {
        return id != null && id.indexOf('@') >= 0;
    }

    public static Optional<Named> parse(String id) {
        Matcher m = id == null ? null : ID.matcher(id);
        return m != null && m.matches() ? Optional.of(new Named(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }
}
