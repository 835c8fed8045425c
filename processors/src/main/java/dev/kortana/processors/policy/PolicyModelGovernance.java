package dev.kortana.processors.policy;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.PolicyDecision;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.model.ModelGovernance;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.Prompts;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * policies.yaml applied to model choices: REWRITE rules change the request (residency, a lower cost limit, required
 * compliance tags), DENY rules take candidates out, model rate limits are shared buckets, and every choice is audited.
 */
public class PolicyModelGovernance implements ModelGovernance {

    private final PolicySource policies;
    private final RateLimiter limiter;
    private final AuditTrail audit;
    private final Clock clock;

    public PolicyModelGovernance(PolicySource policies, RateLimiter limiter, AuditTrail audit, Clock clock) {
        this.policies = policies;
        this.limiter = limiter;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public ModelRequest rewrite(ModelRequest request) {
        PolicyBook book = policies.current();
        Rewrite rewrite = book.decideModel(facts(book, request, null)).rewrite();
        if (rewrite.isEmpty() || rewrite.dataResidency() == null && rewrite.maxCostUsd() == null) {
            return request;
        }
        return new ModelRequest(request.purpose(), request.taskId(), request.tenant(), rewrite.applyTo(request.constraints()),
                request.prompt(), request.input());
    }

    @Override
    public Optional<String> refusal(ModelRequest request, ModelSpec model) {
        PolicyBook book = policies.current();
        Verdict verdict = book.decideModel(facts(book, request, model));
        PolicyDecision decision = verdict.decision();
        // A DENY rule, or a rewrite (residency, compliance tags) the model does not satisfy.
        return decision.effect() == PolicyDecision.Effect.DENY
                ? Optional.of(decision.ruleId() + ": " + decision.reason()) : Optional.empty();
    }

    @Override
    public Optional<Duration> throttle(ModelSpec model) {
        Optional<RateLimit> limit = policies.current().rateLimits().forModel(model.name());
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        RateLimiter.Verdict taken = limiter.take("model:" + model.name(), limit.get().capacity(), limit.get().perSecond());
        return taken.granted() ? Optional.empty() : Optional.of(taken.retryAfter() == null ? Duration.ZERO : taken.retryAfter());
    }

    @Override
    public void chosen(ModelRequest request, ModelResponse response, List<String> passedOver) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("purpose", request.purpose());
        detail.put("provider", response.provider());
        detail.put("model", response.model());
        detail.put("costUsd", response.costUsd().toPlainString());
        detail.put("latencyMs", response.latencyMs());
        detail.put("policyVersion", policies.current().version());
        if (!passedOver.isEmpty()) {
            detail.put("passedOver", passedOver.stream().map(PolicyModelGovernance::brief).toList());
        }
        audit.record("model-choice", request.taskId(), "router", detail);
    }

    /**
     * "model: what happened" without what a provider answered ("gpt-4o: HTTP 400: <its error text>" becomes
     * "gpt-4o: HTTP 400"): a provider's error text can quote the prompt, and nothing of a prompt goes into the log.
     */
    static String brief(String failure) {
        int first = failure.indexOf(": ");
        int second = first < 0 ? -1 : failure.indexOf(": ", first + 2);
        return second < 0 ? failure : failure.substring(0, second);
    }

    private ModelFacts facts(PolicyBook book, ModelRequest request, ModelSpec model) {
        // The worst case, as the budget reserves it: a when.cost rule sees what the call could cost at most. Working it
        // out renders the prompt, so only a book with such a rule pays for it.
        BigDecimal estimate = model == null || !book.pricesModelCalls() ? null : model.worstCase(Prompts.maxPromptTokens(request));
        return new ModelFacts(request.taskId(), request.tenant(), request.constraints(), request.purpose(), model, estimate,
                clock.instant());
    }
}
