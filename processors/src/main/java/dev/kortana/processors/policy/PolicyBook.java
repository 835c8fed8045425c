package dev.kortana.processors.policy;

import dev.kortana.contracts.PolicyDecision;
import dev.kortana.contracts.PolicyDecision.Effect;
import dev.kortana.contracts.TaskConstraints;
import java.util.List;

/**
 * One loaded, immutable version of policies.yaml: ordered rules deciding plan steps and model calls, and the rate
 * limits. Rules are compiled when the file is loaded, so a decision only walks arrays of precompiled conditions.
 *
 * <p>Evaluation, in file order: a matching REWRITE rule adds its changes and evaluation goes on (the rules below it
 * see the task's residency and cost limit as rewritten); the first matching
 * ALLOW, DENY or ESCALATE rule decides; when none does, {@code default} decides (allow unless the file says deny).
 * For plan steps of a task with {@code constraints.requireApproval}, what would be allowed is ESCALATEd instead, as
 * rule {@value #TASK_REQUIRES_APPROVAL} with the default approval terms, unless a DENY rule further down also matches
 * (an ALLOW rule cannot skip an approval the task asked for, and a DENY rule still denies). A rewrite that sets a data
 * residency the step's tool (or the candidate model) does not satisfy, or compliance tags the model lacks, turns the
 * decision into a DENY by the rewriting rule. The built-in checks of {@link PolicyFilter} are not part of the book:
 * run the filter first.
 */
public final class PolicyBook {

    /** The rule id of the implicit ESCALATE for tasks with {@code constraints.requireApproval}. */
    public static final String TASK_REQUIRES_APPROVAL = "task-requires-approval";

    private static final PolicyBook EMPTY = new PolicyBook("none", null, null,
            new PolicyFileReader.Contents(null, false, ApprovalTerms.DEFAULTS, List.of(), RateLimits.NONE));

    private final String version;
    private final String contentHash;
    private final Rule[] stepRules;
    private final Rule[] modelRules;
    private final boolean defaultDeny;
    private final String defaultReason;
    private final ApprovalTerms defaultApproval;
    private final RateLimits rateLimits;
    private final List<String> ruleIds;
    private final boolean pricesModelCalls;

    private PolicyBook(String label, String contentHash, String origin, PolicyFileReader.Contents contents) {
        this.version = label == null ? contentHash : contentHash == null ? label : label + "+" + contentHash;
        this.contentHash = contentHash;
        this.stepRules = contents.rules().stream().filter(r -> r.forSteps).toArray(Rule[]::new);
        this.modelRules = contents.rules().stream().filter(r -> r.forModels).toArray(Rule[]::new);
        this.defaultDeny = contents.defaultDeny();
        this.defaultReason = origin == null ? "no policies.yaml: everything the built-in checks pass is allowed"
                : "no rule of " + origin + " (version " + this.version + ") matched; its default is "
                        + (defaultDeny ? "deny" : "allow");
        this.defaultApproval = contents.defaultApproval();
        this.rateLimits = contents.rateLimits();
        this.ruleIds = contents.rules().stream().map(r -> r.id).toList();
        this.pricesModelCalls = java.util.Arrays.stream(modelRules).anyMatch(Rule::hasCostCondition);
    }

    /** Whether a rule looks at a model call's price, so that it is worth working out before a decision. */
    public boolean pricesModelCalls() {
        return pricesModelCalls;
    }

    /**
     * Reads and checks a policies.yaml. {@code origin} names the file in messages.
     *
     * @throws PolicyFileException listing every problem, each naming the rule, the field and the fix
     */
    public static PolicyBook load(byte[] yaml, String origin) {
        PolicyFileReader.Contents contents = PolicyFileReader.read(yaml, origin);
        return new PolicyBook(contents.label(), PolicyFileReader.contentHash(yaml), origin, contents);
    }

    /** The book without a policies.yaml: no rules, no rate limits, everything allowed; version {@code none}. */
    public static PolicyBook empty() {
        return EMPTY;
    }

    /** {@code <version label>+<first 12 hex digits of the file's SHA-256>}, or the hash alone without a label. */
    public String version() {
        return version;
    }

    /** The first 12 hex digits of the SHA-256 of the file's bytes; null for {@link #empty()}. */
    String contentHash() {
        return contentHash;
    }

    /** Decides one plan step; the decision carries {@code f.stepIndex()}. Call it after {@link PolicyFilter}. */
    public Verdict decideStep(StepFacts f) {
        TaskConstraints task = f.task().constraints();
        boolean approvalAsked = task.requireApproval();
        Rewrite rewrite = Rewrite.NONE;
        List<Rule> applied = null;
        Rule allowedBy = null;
        for (Rule r : stepRules) {
            if ((allowedBy != null && r.effect != Effect.DENY) || !r.matchesStep(f, task)) {
                continue;
            }
            switch (r.effect) {
                case REWRITE -> {
                    rewrite = rewrite.then(r.stepRewrite);
                    applied = RewriteCheck.add(applied, r);
                    task = r.stepRewrite.applyTo(task);
                }
                case DENY -> {
                    return Verdicts.of(decision(Effect.DENY, r.id, r.reason, f.stepIndex()), rewrite, null, applied);
                }
                case ESCALATE -> {
                    return Verdicts.forStep(decision(Effect.ESCALATE, r.id, r.reason, f.stepIndex()), rewrite, r.approval,
                            applied, f);
                }
                default -> {
                    if (!approvalAsked) {
                        return Verdicts.forStep(allow(r, rewrite, applied, f.stepIndex()), rewrite, null, applied, f);
                    }
                    allowedBy = r;
                }
            }
        }
        if (allowedBy == null && defaultDeny) {
            return Verdicts.of(decision(Effect.DENY, "default-deny", defaultReason, f.stepIndex()), rewrite, null, applied);
        }
        if (approvalAsked) {
            return Verdicts.forStep(decision(Effect.ESCALATE, TASK_REQUIRES_APPROVAL, "the task asks for a person's approval"
                    + " before its steps run (constraints.requireApproval)", f.stepIndex()), rewrite, defaultApproval,
                    applied, f);
        }
        return Verdicts.forStep(allow(null, rewrite, applied, f.stepIndex()), rewrite, null, applied, f);
    }

    /** Decides whether {@code f.model()} may take a model call; the decision's step index is -1. */
    public Verdict decideModel(ModelFacts f) {
        TaskConstraints task = f.constraints();
        Rewrite rewrite = Rewrite.NONE;
        List<Rule> applied = null;
        for (Rule r : modelRules) {
            if (!r.matchesModel(f, task)) {
                continue;
            }
            if (r.effect == Effect.REWRITE) {
                rewrite = rewrite.then(r.modelRewrite);
                applied = RewriteCheck.add(applied, r);
                task = r.modelRewrite.applyTo(task);
            } else if (r.effect == Effect.DENY) {
                return Verdicts.of(decision(Effect.DENY, r.id, r.reason, -1), rewrite, null, applied);
            } else {
                return Verdicts.forModel(allow(r, rewrite, applied, -1), rewrite, applied, f);
            }
        }
        if (defaultDeny) {
            return Verdicts.of(decision(Effect.DENY, "default-deny", defaultReason, -1), rewrite, null, applied);
        }
        return Verdicts.forModel(allow(null, rewrite, applied, -1), rewrite, applied, f);
    }

    public RateLimits rateLimits() {
        return rateLimits;
    }

    /** The ids of the file's rules, in file order. */
    public List<String> ruleIds() {
        return ruleIds;
    }

    /** The approval terms of {@code defaults.approval}, used by rules without their own and for requireApproval. */
    public ApprovalTerms defaultApproval() {
        return defaultApproval;
    }

    private PolicyDecision allow(Rule by, Rewrite rewrite, List<Rule> applied, int index) {
        if (applied == null) {
            return by == null ? decision(Effect.ALLOW, "default-allow", defaultReason, index)
                    : decision(Effect.ALLOW, by.id, by.reason, index);
        }
        return RewriteCheck.rewritten(applied, by, index);
    }

    private static PolicyDecision decision(Effect effect, String ruleId, String reason, int index) {
        return new PolicyDecision(effect, ruleId, reason, index);
    }
}
