package dev.kortana.processors.policy;

import static dev.kortana.processors.policy.PolicyFixtures.book;
import static dev.kortana.processors.policy.PolicyFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyFileValidationTest {

    @Test
    void reportsEveryProblemAtOnceEachNamingRuleFieldAndFix() {
        List<String> problems = problems("""
                rules:
                  - id: irreversible-needs-approval
                    when: { tool: { safty: [irreversible] } }
                    effect: ESCALATE
                    reason: r
                  - id: eu
                    effect: REWRITE
                    reason: r
                  - id: eu
                    effect: PERMIT
                    reason: r
                """);

        assertThat(problems).containsExactly(
                "rules[0] (id: irreversible-needs-approval): when.tool.safty: is not a field here; did you mean"
                        + " 'safety'? fields here: name, safety, capabilities, region, kind",
                "rules[1] (id: eu): rewrite: is missing, and effect is REWRITE; add a rewrite block, e.g. rewrite: {"
                        + " data-residency: eu, max-cost-usd: 0.50 }",
                "rules[2] (id: eu): id: 'eu' is used by an earlier rule; give each rule its own id",
                "rules[2] (id: eu): effect: 'PERMIT' is not an effect; use ALLOW, DENY, ESCALATE or REWRITE");
    }

    @Test
    void theExceptionNamesTheFileAndCountsTheProblems() {
        assertThatThrownBy(() -> book("default: maybe\nrules: [ { effect: DENY } ]"))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageStartingWith("test-policies.yaml: 3 problems, nothing of the file is used:")
                .hasMessageContaining("\n  - default: 'maybe' is not allow or deny")
                .hasMessageContaining("\n  - rules[0]: id: is missing")
                .hasMessageContaining("\n  - rules[0]: reason: is missing")
                .satisfies(e -> assertThat(((PolicyFileException) e).origin()).isEqualTo("test-policies.yaml"));
    }

    @Test
    void unknownFieldsAreRefusedEverywhereWithTheClosestName() {
        List<String> problems = problems("""
                defualt: deny
                defaults: { approval: { timout: PT1H } }
                rules:
                  - { id: a, when: { tennant: [x] }, effect: DENY, reason: r, because: x }
                rate-limits: { tenant: { acme: { capacity: 1, per-second: 1, burst: 2 } } }
                """);

        assertThat(problems).containsExactly(
                "defualt: is not a field here; did you mean 'default'? fields here: version, default, defaults, rules,"
                        + " rate-limits",
                "defaults.approval.timout: is not a field here; did you mean 'timeout'? fields here: timeout,"
                        + " on-timeout, escalate-to, valid-for, role",
                "rules[0] (id: a): because: is not a field here; fields here: id, when, effect, reason, rewrite, approval",
                "rules[0] (id: a): when.tennant: is not a field here; did you mean 'tenant'? fields here: tenant, task,"
                        + " step, tool, model, cost, time",
                "rate-limits.tenant.acme.burst: is not a field here; fields here: capacity, per-second");
    }

    @Test
    void badDurationsDaysHoursAndZonesAreNamed() {
        List<String> problems = problems("""
                rules:
                  - id: t
                    when: { time: { days: [MON, FUNDAY, "FRI-SUNDAY"], hours: "9-17", zone: Mars/Olympus } }
                    effect: ESCALATE
                    reason: r
                    approval: { timeout: 4h, valid-for: PT0S, on-timeout: later }
                """);

        assertThat(problems).containsExactlyInAnyOrder(
                "rules[0] (id: t): when.time.zone: 'Mars/Olympus' is not a time zone; use a region id like"
                        + " Europe/Berlin or America/New_York, or an offset like +02:00",
                "rules[0] (id: t): when.time.days: 'FUNDAY' is not a day or a range of days; use MON, TUE, WED, THU,"
                        + " FRI, SAT, SUN or a range like MON-FRI",
                "rules[0] (id: t): when.time.days: 'FRI-SUNDAY' is not a day or a range of days; use MON, TUE, WED,"
                        + " THU, FRI, SAT, SUN or a range like MON-FRI",
                "rules[0] (id: t): when.time.hours: '9-17' is not a window of two different times; write it like"
                        + " \"09:00-17:00\" (24-hour clock, end excluded, 24:00 for midnight; \"22:00-06:00\" wraps"
                        + " over midnight)",
                "rules[0] (id: t): approval.timeout: '4h' is not a positive ISO-8601 duration; write it like PT30M,"
                        + " PT4H or P1D",
                "rules[0] (id: t): approval.valid-for: 'PT0S' is not a positive ISO-8601 duration; write it like"
                        + " PT30M, PT4H or P1D",
                "rules[0] (id: t): approval.on-timeout: 'later' is not an outcome; use reject (the step is refused)"
                        + " or escalate (the request goes to the role in escalate-to)");
    }

    @Test
    void escalatingOnTimeoutNeedsSomeoneToEscalateTo() {
        assertThat(problems("defaults: { approval: { on-timeout: escalate } }")).singleElement().asString()
                .isEqualTo("defaults.approval.escalate-to: is missing, and on-timeout is escalate; name the role an"
                        + " unanswered request goes to, e.g. escalate-to: admin");
        assertThat(problems("defaults: { approval: { escalate-to: admin } }")).singleElement().asString()
                .contains("escalate-to: is only used with on-timeout: escalate");
    }

    @Test
    void valuesOfTheWrongKindAreNamed() {
        List<String> problems = problems("""
                rules:
                  - id: a
                    when:
                      task: { max-cost-usd-above: "1.00", require-approval: sometimes, data-residency: [] }
                      step: { index-at-least: -1, purpose: [think] }
                      tool: { kind: [shell], name: ["Pay ments"] }
                      cost: {}
                    effect: DENY
                    reason: r
                  - { id: b, effect: REWRITE, reason: r, rewrite: { max-cost-usd: -1, args: { a: null } } }
                  - { id: c, when: { model: { provider: [openia] } }, effect: DENY, reason: r }
                """);

        assertThat(problems).hasSize(12).allSatisfy(p -> assertThat(p).containsPattern("^rules\\[[012]\\] \\(id: [abc]\\): "));
        assertThat(String.join("\n", problems))
                .contains("when.task.max-cost-usd-above: must be a number, zero or more (not '1.00')")
                .contains("when.task.require-approval: must be true or false")
                .contains("when.task.data-residency: is an empty list, which matches nothing")
                .contains("when.step.purpose: 'think' is not a purpose")
                .contains("when.step.index-at-least: must be a whole number, zero or more (not '-1')")
                .contains("when.tool.kind: [shell] is not a list of tool kinds")
                .contains("when.tool.name: 'Pay ments' is not a name or glob")
                .contains("when.model.provider: [openia] is not a list of providers")
                .contains("when.cost: sets no condition")
                .contains("when.cost: applies to model calls (their worst-case price), and when.tool to plan steps")
                .contains("rewrite.max-cost-usd: must be a number, zero or more (not '-1')")
                .contains("rewrite.args.a: has no value");
    }

    @Test
    void rateLimitsMustBePositiveAndComplete() {
        List<String> problems = problems("""
                rate-limits:
                  tenant: { acme: { capacity: -1, per-second: 0 }, beta: { capacity: 5 }, gamma: 3 }
                """);

        assertThat(problems).containsExactly(
                "rate-limits.tenant.acme.capacity: must be a number above zero (not '-1'); write it like capacity: 10"
                        + " (the burst)",
                "rate-limits.tenant.acme.per-second: must be a number above zero (not '0'); write it like per-second:"
                        + " 0.5 (the sustained rate; to block, use a DENY rule)",
                "rate-limits.tenant.beta.per-second: is missing; give both capacity (the burst) and per-second (the"
                        + " refill rate)",
                "rate-limits.tenant.gamma: has no bucket; write it like gamma: { capacity: 10, per-second: 1 }");
    }

    @Test
    void anApprovalGoesToARoleAKeyCanHave() {
        assertThat(problems("""
                rules:
                  - id: payments
                    when: { tool: { name: [payments.*] } }
                    effect: ESCALATE
                    reason: payments need finance
                    approval: { role: finance, on-timeout: escalate, escalate-to: Admin }
                """)).singleElement().asString()
                .isEqualTo("rules[0] (id: payments): approval.role: 'finance' is not a role that decides approvals, so nobody could"
                        + " decide; use approver or admin (keys get roles in the key file: submitter, approver, admin)");
    }

    @Test
    void aBucketHoldsAtLeastOneWholeToken() {
        assertThat(problems("rate-limits: { tool: { orders.place: { capacity: 0.5, per-second: 0.1 } } }")).containsExactly(
                "rate-limits.tool.orders.place.capacity: is 0.5, but a call takes a whole token; use 1 or more; for fewer"
                        + " calls over time lower per-second");
    }

    @Test
    void brokenYamlIsOneProblemWithItsLine() {
        assertThat(problems("rules:\n  - id: a\n    effect: [DENY\n")).singleElement().asString()
                .startsWith("not valid YAML: ").contains("line ");
        assertThat(problems("default: allow\ndefault: deny\n")).singleElement().asString()
                .contains("Duplicate field 'default'");
    }

    @Test
    void anEmptyFileIsAnEmptyBook() {
        PolicyBook book = book("# nothing yet\n");

        assertThat(book.ruleIds()).isEmpty();
        assertThat(book.rateLimits().isEmpty()).isTrue();
    }
}
