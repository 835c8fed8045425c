package dev.kortana.processors.policy;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.PolicyDecision;
import dev.kortana.processors.tools.HostAllowlist;
import dev.kortana.processors.tools.ToolLookup;
import dev.kortana.processors.tools.ToolFailure;
import dev.kortana.processors.tools.ToolSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The first policy filter: checks each planned step, in rule order, before anything runs.
 * <ol>
 *   <li>{@code unknown-tool}: the tool must be registered;</li>
 *   <li>{@code config-allowlist}: the tool must be allowed by {@code kortana.policy.allowed-tools};</li>
 *   <li>{@code task-allowlist}: the tool must be in the task's {@code constraints.allowedTools}, when given;</li>
 *   <li>{@code tool-residency}: a tool with a declared region must match the task's {@code dataResidency};</li>
 *   <li>{@code http-host-allowlist}: an HTTP tool's host must be on {@code kortana.tools.http.allowed-hosts}.</li>
 * </ol>
 * These checks cannot be overridden by policies.yaml; {@link PolicyBook#decideStep} runs after them, and turns a
 * task's {@code constraints.requireApproval} into an ESCALATE ({@value PolicyBook#TASK_REQUIRES_APPROVAL}).
 */
public class PolicyFilter {

    private final ToolLookup catalog;
    private final Set<String> allowedTools;
    private final HostAllowlist httpHosts;

    /** {@code allowedTools} empty means every registered tool. */
    public PolicyFilter(ToolLookup catalog, Set<String> allowedTools, HostAllowlist httpHosts) {
        this.catalog = catalog;
        this.allowedTools = Set.copyOf(allowedTools);
        this.httpHosts = httpHosts;
    }

    /** Tools a planner may offer for this task: registered, and allowed by configuration and the task. */
    public List<ToolSpec> toolsFor(AgentTask task) {
        return catalog.all().stream()
                .filter(t -> allowedByConfig(t.name()) && task.constraints().allows(t.name()))
                .toList();
    }

    public List<PolicyDecision> evaluate(AgentTask task, List<PlanStep> plan) {
        List<PolicyDecision> decisions = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            decisions.add(check(task, plan.get(i), i));
        }
        return decisions;
    }

    /** The built-in checks of one step. */
    public PolicyDecision check(AgentTask task, PlanStep step, int index) {
        Optional<ToolSpec> spec = catalog.find(step.tool());
        if (spec.isEmpty()) {
            return PolicyDecision.deny(index, "unknown-tool",
                    "tool '" + step.tool() + "' is not registered; registered tools: " + catalog.names());
        }
        if (!allowedByConfig(step.tool())) {
            return PolicyDecision.deny(index, "config-allowlist",
                    "tool '" + step.tool() + "' is not in kortana.policy.allowed-tools " + allowedTools);
        }
        if (!task.constraints().allows(step.tool())) {
            return PolicyDecision.deny(index, "task-allowlist",
                    "tool '" + step.tool() + "' is not in the task's constraints.allowedTools " + task.constraints().allowedTools());
        }
        String residency = task.constraints().dataResidency();
        if (residency != null && spec.get().region() != null && !residency.equalsIgnoreCase(spec.get().region())) {
            return PolicyDecision.deny(index, "tool-residency", "tool '" + step.tool() + "' runs in region "
                    + spec.get().region() + ", and the task's dataResidency is '" + residency + "'");
        }
        if ("http".equals(spec.get().kind())) {
            Optional<String> refusal = httpRefusal(step);
            if (refusal.isPresent()) {
                return PolicyDecision.deny(index, "http-host-allowlist", refusal.get());
            }
        }
        return PolicyDecision.allow(index);
    }

    private Optional<String> httpRefusal(PlanStep step) {
        Object url = step.args().get("url");
        if (!(url instanceof String s)) {
            return Optional.of("step has no 'url' argument to check against kortana.tools.http.allowed-hosts");
        }
        if (s.contains("{{")) {
            return Optional.of("the URL is computed from another step; only literal URLs can be checked against the allowlist");
        }
        try {
            URI uri = HostAllowlist.httpUri(s);
            return httpHosts.allows(uri)
                    ? Optional.empty()
                    : Optional.of("host " + uri.getHost() + " is not on kortana.tools.http.allowed-hosts "
                            + (httpHosts.entries().isEmpty() ? "(empty: outbound HTTP is off)" : httpHosts.entries()));
        } catch (ToolFailure e) {
            return Optional.of(e.getMessage());
        }
    }

    private boolean allowedByConfig(String tool) {
        return allowedTools.isEmpty() || allowedTools.contains(tool);
    }
}
