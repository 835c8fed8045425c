package dev.kortana.processors.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.PolicyDecision;
import dev.kortana.contracts.TaskConstraints;
import dev.kortana.processors.tools.HostAllowlist;
import dev.kortana.processors.tools.ShippedCatalog;
import dev.kortana.processors.tools.ToolCatalog;
import dev.kortana.processors.tools.ToolSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyFilterTest {

    private static final ToolCatalog CATALOG = ShippedCatalog.load();
    private static final HostAllowlist HOSTS = HostAllowlist.parse("api.example.com");

    private final PolicyFilter openFilter = new PolicyFilter(CATALOG, Set.of(), HOSTS);

    @Test
    void allowsARegisteredToolForAnUnconstrainedTask() {
        PolicyDecision decision = decideOne(openFilter, task(null), step("memory.search"));

        assertThat(decision.denies()).isFalse();
        assertThat(decision.effect()).isEqualTo(PolicyDecision.Effect.ALLOW);
        assertThat(decision.ruleId()).isEqualTo("default-allow");
    }

    @Test
    void deniesAnUnknownTool() {
        PolicyDecision decision = decideOne(openFilter, task(null), step("shell.exec"));

        assertThat(decision.denies()).isTrue();
        assertThat(decision.ruleId()).isEqualTo("unknown-tool");
        assertThat(decision.reason()).contains("shell.exec").contains("memory.search");
    }

    @Test
    void deniesAToolOutsideTheConfigAllowlist() {
        PolicyFilter filter = new PolicyFilter(CATALOG, Set.of("memory.search"), HOSTS);

        PolicyDecision decision = decideOne(filter, task(null), step("text.summarize"));

        assertThat(decision.denies()).isTrue();
        assertThat(decision.ruleId()).isEqualTo("config-allowlist");
        assertThat(decision.reason()).contains("kortana.policy.allowed-tools");
    }

    @Test
    void deniesAToolOutsideTheTaskAllowlist() {
        AgentTask task = task(new TaskConstraints(null, null, null, List.of("memory.search"), false));

        PolicyDecision decision = decideOne(openFilter, task, step("text.summarize"));

        assertThat(decision.denies()).isTrue();
        assertThat(decision.ruleId()).isEqualTo("task-allowlist");
    }

    @Test
    void deniesHttpToAHostNotOnTheAllowlist() {
        PolicyDecision decision = decideOne(openFilter, task(null), http("https://evil.example.net/steal"));

        assertThat(decision.denies()).isTrue();
        assertThat(decision.ruleId()).isEqualTo("http-host-allowlist");
        assertThat(decision.reason()).contains("evil.example.net");
    }

    @Test
    void allowsHttpToAHostOnTheAllowlist() {
        PolicyDecision decision = decideOne(openFilter, task(null), http("https://api.example.com/v1/status"));

        assertThat(decision.denies()).isFalse();
        assertThat(decision.ruleId()).isEqualTo("default-allow");
    }

    @Test
    void deniesAllHttpWhenTheAllowlistIsEmpty() {
        PolicyFilter filter = new PolicyFilter(CATALOG, Set.of(), HostAllowlist.parse(""));

        PolicyDecision decision = decideOne(filter, task(null), http("https://api.example.com/v1/status"));

        assertThat(decision.ruleId()).isEqualTo("http-host-allowlist");
        assertThat(decision.reason()).contains("outbound HTTP is off");
    }

    @Test
    void deniesHttpWhoseUrlComesFromAnotherStep() {
        PolicyDecision decision = decideOne(openFilter, task(null), http("{{steps.0.output}}"));

        assertThat(decision.ruleId()).isEqualTo("http-host-allowlist");
        assertThat(decision.reason()).contains("computed from another step");
    }

    @Test
    void deniesHttpWithoutAUrl() {
        PolicyDecision decision = decideOne(openFilter, task(null), step("http.request"));

        assertThat(decision.ruleId()).isEqualTo("http-host-allowlist");
        assertThat(decision.reason()).contains("'url'");
    }

    @Test
    void deniesHttpToANonHttpUrl() {
        PolicyDecision decision = decideOne(openFilter, task(null), http("file:///etc/passwd"));

        assertThat(decision.ruleId()).isEqualTo("http-host-allowlist");
        assertThat(decision.reason()).contains("not an absolute http or https URL");
    }

    @Test
    void leavesATaskThatRequiresApprovalToThePolicyBook() {
        AgentTask task = task(new TaskConstraints(null, null, null, null, true));

        PolicyDecision decision = decideOne(openFilter, task, step("memory.search"));

        assertThat(decision.effect()).isEqualTo(PolicyDecision.Effect.ALLOW);
        assertThat(decision.ruleId()).isEqualTo("default-allow");
        assertThat(PolicyBook.empty().decideStep(new StepFacts(task, 0, step("memory.search"),
                CATALOG.find("memory.search").orElseThrow(), null, java.time.Instant.now())).decision().ruleId())
                .isEqualTo(PolicyBook.TASK_REQUIRES_APPROVAL);
    }

    @Test
    void appliesRulesInOrderForATaskThatRequiresApproval() {
        AgentTask task = task(new TaskConstraints(null, null, null, List.of("memory.search"), true));
        PolicyFilter filter = new PolicyFilter(CATALOG, Set.of("memory.search"), HOSTS);

        List<PolicyDecision> decisions = filter.evaluate(task,
                List.of(step("shell.exec"), step("text.summarize"), step("memory.search")));

        assertThat(decisions).extracting(PolicyDecision::ruleId)
                .containsExactly("unknown-tool", "config-allowlist", "default-allow");
        assertThat(decisions).extracting(PolicyDecision::stepIndex).containsExactly(0, 1, 2);
    }

    @Test
    void decidesEachStepOfAPlan() {
        List<PolicyDecision> decisions = openFilter.evaluate(task(null),
                List.of(step("memory.search"), http("https://evil.example.net"), step("text.summarize")));

        assertThat(decisions).extracting(PolicyDecision::denies).containsExactly(false, true, false);
    }

    @Test
    void offersEveryRegisteredToolWhenNothingRestricts() {
        assertThat(openFilter.toolsFor(task(null))).extracting(ToolSpec::name).containsExactlyElementsOf(CATALOG.names());
    }

    @Test
    void offersOnlyToolsAllowedByConfigAndTask() {
        PolicyFilter filter = new PolicyFilter(CATALOG, Set.of("memory.search", "text.summarize", "file.write"), HOSTS);
        AgentTask task = task(new TaskConstraints(null, null, null, List.of("text.summarize", "file.write", "http.request"), false));

        assertThat(filter.toolsFor(task)).extracting(ToolSpec::name).containsExactly("text.summarize", "file.write");
    }

    private static PolicyDecision decideOne(PolicyFilter filter, AgentTask task, PlanStep step) {
        List<PolicyDecision> decisions = filter.evaluate(task, List.of(step));
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).stepIndex()).isZero();
        return decisions.get(0);
    }

    private static AgentTask task(TaskConstraints constraints) {
        return new AgentTask("t-1", "goal", null, null, constraints, null);
    }

    private static PlanStep step(String tool) {
        return new PlanStep(tool, Map.of(), null, null);
    }

    private static PlanStep http(String url) {
        return new PlanStep("http.request", Map.of("method", "GET", "url", url), null, null);
    }
}
