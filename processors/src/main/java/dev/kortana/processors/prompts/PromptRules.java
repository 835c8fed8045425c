package dev.kortana.processors.prompts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Proposals by rule, from failure patterns: when the last {@code window} uses of a template's active version include
 * at least {@code threshold} of one kind of failure, propose the active text plus the catalogue's stricter sentence
 * for that failure. A proposal is only a proposal: it waits for a person like any other. Nothing is proposed for a
 * template that already has a proposal or a canary waiting, nor a text that was ever proposed before (so a rejected
 * amendment is not asked again).
 */
public final class PromptRules {

    /** Outcomes a version's recent window can hold (see {@link PromptVersion.Stats#recent()}). */
    public static final int MAX_WINDOW = 100;

    /** A stricter sentence for one template, for one kind of outcome ({@code V} validation failure, {@code F} failure). */
    record Amendment(String name, char outcome, String ruleId, String sentence) {}

    static final List<Amendment> CATALOGUE = List.of(
            new Amendment(ShippedPrompts.PLAN, 'V', "plan-invalid-answers", "Answer with the JSON array alone: no"
                    + " Markdown fences, no comments. Use tool names exactly as listed, give every argument the tool's"
                    + " args-schema requires and no other, and let dependsOn name only earlier steps."),
            new Amendment(ShippedPrompts.PLAN, 'F', "plan-failing-tasks", "Plan only the steps the goal needs, and make"
                    + " each step's args complete and literal: a step that fails ends the task."),
            new Amendment(ShippedPrompts.PLAN_REPAIR, 'V', "plan-repair-invalid-answers", "Fix every listed problem and"
                    + " change nothing else; answer with the JSON array alone."),
            new Amendment(ShippedPrompts.SUMMARIZE, 'V', "summarize-empty-answers", "Answer with the summary alone, no"
                    + " preamble, and never with an empty answer."));

    /** A variant a rule asks a person to approve. */
    public record Proposal(String name, int basedOn, String text, String ruleId, String reason) {}

    private PromptRules() {}

    /**
     * The proposals that {@code versions} (every version of every template) call for now: at most one per template.
     *
     * @param window    how many of the latest uses are looked at; a version with fewer uses is not judged yet
     * @param threshold the share of them (0 to 1) that must have failed the same way
     */
    public static List<Proposal> propose(List<PromptVersion> versions, int window, double threshold) {
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window " + window + " must be from 1 to " + MAX_WINDOW);
        }
        Map<String, List<PromptVersion>> byName = versions.stream().collect(Collectors.groupingBy(PromptVersion::name));
        List<Proposal> proposals = new ArrayList<>();
        byName.forEach((name, all) -> {
            if (all.stream().anyMatch(v -> v.is(PromptVersion.PROPOSED) || v.is(PromptVersion.CANARY))) {
                return;
            }
            all.stream().filter(v -> v.is(PromptVersion.ACTIVE)).findFirst()
                    .flatMap(active -> CATALOGUE.stream()
                            .filter(a -> a.name().equals(name))
                            .map(a -> judge(active, a, all, window, threshold))
                            .filter(p -> p != null)
                            .findFirst())
                    .ifPresent(proposals::add);
        });
        proposals.sort((a, b) -> ShippedPrompts.NAMES.indexOf(a.name()) - ShippedPrompts.NAMES.indexOf(b.name()));
        return proposals;
    }

    private static Proposal judge(PromptVersion active, Amendment amendment, List<PromptVersion> all, int window, double threshold) {
        String recent = active.stats().recent();
        if (recent.length() < window || active.text().contains(amendment.sentence())) {
            return null;
        }
        String last = recent.substring(recent.length() - window);
        long hits = last.chars().filter(c -> c == amendment.outcome()).count();
        if (hits < Math.ceil(threshold * window)) {
            return null;
        }
        String text = active.text() + " " + amendment.sentence();
        if (all.stream().anyMatch(v -> v.text().equals(text))) {
            return null;
        }
        String what = amendment.outcome() == 'V' ? "failed validation" : "failed";
        return new Proposal(active.name(), active.version(), text, amendment.ruleId(), hits + " of the last " + window
                + " tasks that used " + active.name() + " v" + active.version() + " " + what + " (threshold "
                + Math.round(threshold * 100) + " %); the variant adds: " + amendment.sentence());
    }
}
