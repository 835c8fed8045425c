package dev.kortana.processors.prompts;

import java.util.List;
import java.util.Map;

/**
 * The prompts this release ships: version 1 of each template in a new database. Later versions are proposed, approved
 * and rolled back through {@link PromptReviews}; a changed shipped text is proposed, never applied by itself.
 */
public final class ShippedPrompts {

    public static final String PLAN = "plan";
    public static final String PLAN_REPAIR = "plan-repair";
    public static final String SUMMARIZE = "summarize";
    public static final String REFLECT = "reflect";
    /** Every template name, in the order the API lists them. */
    public static final List<String> NAMES = List.of(PLAN, PLAN_REPAIR, SUMMARIZE, REFLECT);

    static final String PLAN_TEXT = "You plan work for an autonomous agent. Break the goal into tool calls, using only the"
            + " tools listed in the input (name, description, example args). Answer with only a JSON array, no prose:"
            + " [{\"tool\": name, \"args\": {...}, \"rationale\": why, \"dependsOn\": [earlier step indexes]}]."
            + " A string arg may use the output of an earlier step N as {{steps.N.output}}.";

    private static final Map<String, String> TEXTS = Map.of(
            PLAN, PLAN_TEXT,
            PLAN_REPAIR, PLAN_TEXT + " Your previous answer (previousAnswer) was not a valid plan; the problems are listed"
                    + " under problems, each with the field and the fix. Answer again with a corrected plan.",
            SUMMARIZE, "Summarise the text in at most {{sentences}} sentences.",
            REFLECT, "Reflect on this run: what worked, what was slow, what to do differently.");

    private ShippedPrompts() {}

    /** The shipped text of template {@code name}. */
    public static String text(String name) {
        String text = TEXTS.get(name);
        if (text == null) {
            throw new IllegalArgumentException("no prompt is named '" + name + "'; the prompts are " + NAMES);
        }
        return text;
    }

    public static boolean isName(String name) {
        return TEXTS.containsKey(name);
    }
}
