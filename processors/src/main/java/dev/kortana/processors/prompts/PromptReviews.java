package dev.kortana.processors.prompts;

import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.TaskIds;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The human-reviewed life of a prompt variant: proposed (by a rule, a model or a person), approved or rejected by a
 * person, run as a canary for a share of the tasks, promoted to every task, rolled back. Each step is an audit entry
 * (durable before the answer), and each change of what runs refreshes this instance's {@link PromptBook} at once.
 */
public class PromptReviews {

    private static final Logger LOG = LoggerFactory.getLogger(PromptReviews.class);

    /**
     * @param maxPending   proposals of one template that may wait for a decision at once
     * @param maxTextChars the longest prompt text accepted
     * @param window       uses of the active version the rules look at
     * @param threshold    share of them that must have failed the same way for a rule to propose
     */
    public record Settings(int maxPending, int maxTextChars, int window, double threshold) {

        public Settings {
            if (maxPending < 1) {
                throw new IllegalArgumentException("kortana.prompts.max-pending = " + maxPending + " must be at least 1");
            }
            if (window < 1 || window > PromptRules.MAX_WINDOW) {
                throw new IllegalArgumentException("kortana.prompts.rules.window = " + window + " must be from 1 to "
                        + PromptRules.MAX_WINDOW);
            }
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("kortana.prompts.rules.threshold = " + threshold
                        + " must be above 0 and at most 1, e.g. 0.3");
            }
        }
    }

    private final PromptVersions versions;
    private final PromptBook book;
    private final AuditTrail audit;
    private final Settings settings;

    public PromptReviews(PromptVersions versions, PromptBook book, AuditTrail audit, Settings settings) {
        this.versions = versions;
        this.book = book;
        this.audit = audit;
        this.settings = settings;
    }

    public List<PromptVersion> all() {
        return versions.all();
    }

    /** Every version of template {@code name}, oldest first; 404 for a name that is not a template. */
    public List<PromptVersion> versions(String name) {
        requireName(name);
        return versions.versions(name);
    }

    /** The proposals waiting for a person, for the approvals list. */
    public List<PromptVersion> pending() {
        return versions.all().stream().filter(v -> v.is(PromptVersion.PROPOSED)).toList();
    }

    /**
     * Proposes {@code text} as the next version of {@code name}. It runs only once a person approved it.
     *
     * @param source      {@code person} or {@code model} (through the API), {@code rule}, {@code release}
     * @param canaryShare the share of tasks (above 0, below 1) to try it on first, or null to make it active at approval
     */
    public PromptVersion propose(String name, String text, String source, String proposedBy, String reason, Double canaryShare) {
        requireName(name);
        if (text == null || text.isBlank()) {
            throw ContractViolation.of("text", "is missing or blank", "send the whole prompt text");
        }
        if (text.length() > settings.maxTextChars()) {
            throw ContractViolation.of("text", "has " + text.length() + " characters", "send at most " + settings.maxTextChars());
        }
        if (reason == null || reason.isBlank()) {
            throw ContractViolation.of("reason", "is missing or blank", "say why this variant should be better");
        }
        requireShare(canaryShare);
        PromptVersion proposed = versions.propose(name, text, source, proposedBy, reason, canaryShare, settings.maxPending());
        audited("prompt-proposed", proposedBy, proposed, Map.of("source", source, "reason", reason));
        return proposed;
    }

    /** Records proposals made at start-up (a release whose shipped text is new). */
    public void proposedByRelease(List<PromptVersion> proposals) {
        proposals.forEach(p -> audited("prompt-proposed", p.proposedBy(), p, Map.of("source", p.source(), "reason", p.reason())));
    }

    /** Runs the failure-pattern rules once; returns the proposals made. */
    public int proposeByRule() {
        int made = 0;
        for (PromptRules.Proposal p : PromptRules.propose(versions.all(), settings.window(), settings.threshold())) {
            try {
                propose(p.name(), p.text(), "rule", "rule:" + p.ruleId(), p.reason(), null);
                made++;
            } catch (PromptRefused full) {
                LOG.info("Rule {} did not propose a variant of {}: {}", p.ruleId(), p.name(), full.getMessage());
            }
        }
        return made;
    }

    /** A person approves a proposal: canary for a share of the tasks when one is given (now or at proposal), else active. */
    public PromptVersions.Change approve(String name, int version, String actor, String reviewer, String comment, Double share) {
        requireName(name);
        requireShare(share);
        PromptVersions.Change change = versions.approve(name, version, reviewer, comment, share);
        PromptVersion approved = change.version();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reviewer", reviewer);
        if (comment != null) {
            detail.put("comment", comment);
        }
        audited("prompt-approved", actor, approved, detail);
        if (approved.is(PromptVersion.CANARY)) {
            audited("prompt-canary-started", actor, approved, Map.of("share", approved.canaryShare()));
        } else {
            audited("prompt-promoted", actor, approved, replaced(change));
        }
        book.refresh();
        return change;
    }

    /** A person rejects a proposal: it never runs. */
    public PromptVersion reject(String name, int version, String actor, String reviewer, String comment) {
        requireName(name);
        PromptVersion rejected = versions.reject(name, version, reviewer, comment);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reviewer", reviewer);
        if (comment != null) {
            detail.put("comment", comment);
        }
        audited("prompt-rejected", actor, rejected, detail);
        return rejected;
    }

    /** A person makes the canary the active version for every task. */
    public PromptVersions.Change promote(String name, int version, String actor) {
        requireName(name);
        PromptVersions.Change change = versions.promote(name, version);
        audited("prompt-promoted", actor, change.version(), replaced(change));
        book.refresh();
        return change;
    }

    /** One call back: the running canary is retired, or else the active version gives way to the one it replaced. */
    public PromptVersions.Change rollback(String name, String actor, String reason) {
        requireName(name);
        PromptVersions.Change change = versions.rollback(name);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("retired", change.version().version());
        detail.put("wasCanary", change.version().canaryShare() != null && change.version().activatedAt() == null);
        if (change.other() != null) {
            detail.put("active", change.other().version());
        }
        if (reason != null) {
            detail.put("reason", reason);
        }
        audited("prompt-rolled-back", actor, change.version(), detail);
        book.refresh();
        return change;
    }

    private static Map<String, Object> replaced(PromptVersions.Change change) {
        return change.other() == null ? Map.of() : Map.of("replaces", change.other().version());
    }

    /** An entry naming the version and pinning its text by hash; the text itself stays in prompt_versions. */
    private void audited(String kind, String actor, PromptVersion v, Map<String, ?> more) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("prompt", v.name());
        detail.put("version", v.version());
        detail.put("status", v.status());
        detail.put("textSha256", TaskIds.sha256(v.text().getBytes(StandardCharsets.UTF_8)));
        detail.putAll(more);
        audit.append(kind, null, actor, detail);
    }

    private static void requireName(String name) {
        if (!ShippedPrompts.isName(name)) {
            throw new PromptRefused(404, "no prompt is named '" + name + "'; the prompts are " + ShippedPrompts.NAMES);
        }
    }

    private static void requireShare(Double share) {
        if (share != null && !(share > 0 && share < 1)) {
            throw ContractViolation.of("canaryShare", share + " is not above 0 and below 1",
                    "send a share of the tasks such as 0.1, or leave it out to make the version active for every task");
        }
    }
}
