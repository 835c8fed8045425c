package dev.kortana.processors.policy;

import static dev.kortana.processors.policy.PolicyFixtures.MEMORY_SEARCH;
import static dev.kortana.processors.policy.PolicyFixtures.MISTRAL_EU;
import static dev.kortana.processors.policy.PolicyFixtures.book;
import static dev.kortana.processors.policy.PolicyFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskConstraints;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PolicyConditionsTest {

    private static final PolicyBook OFFICE_HOURS = book("""
            rules:
              - id: office-hours
                when: { time: { days: [MON-FRI], hours: "09:00-17:00", zone: Europe/Berlin } }
                effect: ALLOW
                reason: someone is there to watch
              - { id: otherwise, effect: DENY, reason: closed }
            """);

    @Test
    void timeWindowsAreReadInTheirZone() {
        // 2026-11-25 is a Wednesday; Berlin is UTC+1 in November.
        assertThat(ruleAt(OFFICE_HOURS, "2026-11-25T07:59:59Z")).isEqualTo("otherwise");
        assertThat(ruleAt(OFFICE_HOURS, "2026-11-25T08:00:00Z")).isEqualTo("office-hours");
        assertThat(ruleAt(OFFICE_HOURS, "2026-11-25T15:59:59Z")).isEqualTo("office-hours");
        assertThat(ruleAt(OFFICE_HOURS, "2026-11-25T16:00:00Z")).isEqualTo("otherwise");
        assertThat(ruleAt(OFFICE_HOURS, "2026-11-28T10:00:00Z")).isEqualTo("otherwise"); // Saturday
    }

    @Test
    void timeWindowsFollowDaylightSavingTime() {
        // Berlin is UTC+2 in July: 07:00Z is 09:00 there.
        assertThat(ruleAt(OFFICE_HOURS, "2026-07-01T07:00:00Z")).isEqualTo("office-hours");
        assertThat(ruleAt(OFFICE_HOURS, "2026-07-01T15:00:00Z")).isEqualTo("otherwise");
    }

    @Test
    void aLocalDayIsTheZonesDay() {
        // Friday 23:30 UTC is already Saturday 00:30 in Berlin.
        assertThat(ruleAt(OFFICE_HOURS, "2026-11-27T23:30:00Z")).isEqualTo("otherwise");
        PolicyBook weekend = book("rules: [ { id: w, when: { time: { days: [SAT, sun], zone: Europe/Berlin } }, effect: DENY, reason: r } ]");
        assertThat(ruleAt(weekend, "2026-11-27T23:30:00Z")).isEqualTo("w");
        assertThat(ruleAt(weekend, "2026-11-27T22:30:00Z")).isEqualTo("default-allow");
    }

    @Test
    void hoursEndingBeforeTheyStartWrapOverMidnight() {
        PolicyBook night = book("rules: [ { id: night, when: { time: { hours: \"22:00-06:00\" } }, effect: DENY, reason: r } ]");

        assertThat(ruleAt(night, "2026-11-25T23:00:00Z")).isEqualTo("night");
        assertThat(ruleAt(night, "2026-11-25T05:59:00Z")).isEqualTo("night");
        assertThat(ruleAt(night, "2026-11-25T06:00:00Z")).isEqualTo("default-allow");
        assertThat(ruleAt(night, "2026-11-25T21:59:00Z")).isEqualTo("default-allow");
    }

    @Test
    void hoursMayBeUnquotedWithOneDigitAndEndAtMidnight() {
        PolicyBook evening = book("rules: [ { id: e, when: { time: { hours: 9:30-24:00 } }, effect: DENY, reason: r } ]");

        assertThat(ruleAt(evening, "2026-11-25T09:29:00Z")).isEqualTo("default-allow");
        assertThat(ruleAt(evening, "2026-11-25T09:30:00Z")).isEqualTo("e");
        assertThat(ruleAt(evening, "2026-11-25T23:59:59Z")).isEqualTo("e");
    }

    @Test
    void decisionsUseTheInstantTheCallerGivesForExampleFromAFixedClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
        StepFacts facts = new StepFacts(task(), 0, new PlanStep("memory.search", null, null, null), MEMORY_SEARCH,
                null, clock.instant());

        assertThat(OFFICE_HOURS.decideStep(facts).decision().ruleId()).isEqualTo("office-hours");
    }

    @Test
    void taskCostLimitsAboveTheThresholdMatchAndNoLimitCountsAsAbove() {
        PolicyBook book = book("rules: [ { id: big, when: { task: { max-cost-usd-above: 1.00 } }, effect: ESCALATE, reason: r } ]");

        assertThat(stepOf(book, withMaxCost("5")).escalates()).isTrue();
        assertThat(stepOf(book, withMaxCost(null)).escalates()).isTrue();
        assertThat(stepOf(book, withMaxCost("1.00")).escalates()).isFalse();
        assertThat(stepOf(book, withMaxCost("0.10")).escalates()).isFalse();
    }

    @Test
    void goalWordsMatchIgnoringCaseForStepsOnly() {
        PolicyBook book = book("rules: [ { id: invoices, when: { task: { goal-contains: [INVOICE, refund] } }, effect: DENY, reason: r } ]");
        AgentTask invoice = new AgentTask("t", "Pay the open Invoices", "acme", null, null, null);

        assertThat(stepOf(book, invoice).denies()).isTrue();
        assertThat(stepOf(book, task()).denies()).isFalse();
        assertThat(book.decideModel(PolicyFixtures.call(MISTRAL_EU)).denies()).isFalse();
    }

    @Test
    void tenantsAreExactNames() {
        PolicyBook book = book("rules: [ { id: acme, when: { tenant: [acme] }, effect: DENY, reason: r } ]");

        assertThat(stepOf(book, task("acme", null)).denies()).isTrue();
        assertThat(stepOf(book, task("acme-eu", null)).denies()).isFalse();
        assertThat(stepOf(book, task(null, null)).denies()).isFalse();
    }

    @Test
    void requireApprovalFalseMatchesTasksThatDidNotAsk() {
        PolicyBook book = book("rules: [ { id: unattended, when: { task: { require-approval: false } }, effect: DENY, reason: r } ]");

        assertThat(stepOf(book, task()).denies()).isTrue();
        assertThat(stepOf(book, task("acme", PolicyFixtures.approvalRequired())).denies()).isFalse();
    }

    private static String ruleAt(PolicyBook book, String instant) {
        StepFacts facts = new StepFacts(task(), 0, new PlanStep("memory.search", null, null, null), MEMORY_SEARCH,
                null, Instant.parse(instant));
        return book.decideStep(facts).decision().ruleId();
    }

    private static Verdict stepOf(PolicyBook book, AgentTask task) {
        return book.decideStep(PolicyFixtures.step(task, 0, MEMORY_SEARCH));
    }

    private static AgentTask withMaxCost(String usd) {
        return task("acme", new TaskConstraints(usd == null ? null : new BigDecimal(usd), null, null, null, false));
    }
}
