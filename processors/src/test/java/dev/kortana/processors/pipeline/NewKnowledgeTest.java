package dev.kortana.processors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NewKnowledgeTest {

    private static final String GOAL = "summarize what memory knows about kafka outages";
    private static final String EPISODE = "Goal: summarize this incident report\nResult: Broker 3 ran out of disk."
            + " Consumers lagged for 40 minutes.";

    private final NewKnowledge knowledge = new NewKnowledge(200);

    @Test
    void anAnswerThatRestatesWhatMemoryGaveItAddsNothing() {
        String answer = "Broker 3 ran out of disk. Consumers lagged for 40 minutes.";

        assertThat(knowledge.of(answer, GOAL, List.of(EPISODE))).isEmpty();
    }

    @Test
    void anAnswerQuotingAnEarlierRecallWithItsLabelsAddsNothing() {
        String answer = "Goal: summarize what memory knows about kafka outages\nResult: Goal: summarize this incident report"
                + "\nResult: Broker 3 ran out of disk.";

        assertThat(knowledge.of(answer, GOAL, List.of(EPISODE))).isEmpty();
    }

    @Test
    void anEpisodeQuotedOnOneLineIsStillKnown() {
        String answer = "Goal: summarize this incident report Result: Broker 3 ran out of disk. Consumers lagged for 40 minutes.";

        assertThat(knowledge.of(answer, GOAL, List.of(EPISODE))).isEmpty();
    }

    @Test
    void aLightlyRewordedSentenceIsStillKnown() {
        String answer = "Consumers lagged for about 40 minutes.";

        assertThat(knowledge.of(answer, GOAL, List.of(EPISODE))).isEmpty();
    }

    @Test
    void onlyTheNewSentencesAreLearnedInTheirOrder() {
        String answer = "Broker 3 ran out of disk. The fix was a disk alert at 80 percent! Consumers lagged for 40 minutes."
                + " Retention is now 3 days.";

        assertThat(knowledge.of(answer, GOAL, List.of(EPISODE)))
                .isEqualTo("The fix was a disk alert at 80 percent! Retention is now 3 days.");
    }

    @Test
    void anAnswerThatRepeatsItsGoalIsNotKnowledge() {
        assertThat(knowledge.of("Summarize what memory knows about Kafka outages.", GOAL, List.of())).isEmpty();
    }

    @Test
    void whatIsNewTheFirstTimeIsLearned() {
        String report = "Kafka outage on 2 November: broker 3 ran out of disk. Producers retried and no data was lost.";

        assertThat(knowledge.of(report, "summarize this incident report", List.of())).isEqualTo(report);
    }

    @Test
    void aSentenceSaidTwiceIsLearnedOnce() {
        assertThat(knowledge.of("Disks fill up. Disks fill up.", GOAL, List.of())).isEqualTo("Disks fill up.");
    }

    @Test
    void whatIsLearnedStaysWithinTheLimitInWholeSentences() {
        String sentence = "Sentence number %d says something new about partition %d.";
        StringBuilder answer = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            answer.append(String.format(sentence, i, i)).append(' ');
        }

        String learned = knowledge.of(answer.toString(), GOAL, List.of());

        assertThat(learned.length()).isLessThanOrEqualTo(200);
        assertThat(learned).startsWith("Sentence number 0").endsWith(".");
    }

    @Test
    void anAnswerToAQuestionIsNotTakenForTheQuestion() {
        assertThat(knowledge.of("The capital of France is Paris.", "What is the capital of France?", List.of()))
                .isEqualTo("The capital of France is Paris.");
        assertThat(knowledge.of("Server db-7 was rebooted at 04:00 UTC after the kernel patch.",
                "When was server db-7 rebooted after the kernel patch at 04:00 UTC?", List.of())).isNotEmpty();
    }

    @Test
    void aChangedNumberIsAnUpdateNotAnEcho() {
        assertThat(knowledge.of("Widget A is 42 units.", GOAL, List.of("Widget A is 40 units.")))
                .isEqualTo("Widget A is 42 units.");
    }

    @Test
    void aNegationAddedOrTakenAwayIsNew() {
        assertThat(knowledge.of("The payment service is not down.", GOAL, List.of("The payment service is down.")))
                .isEqualTo("The payment service is not down.");
        assertThat(knowledge.of("The payment service is down.", GOAL, List.of("The payment service isn't down.")))
                .isEqualTo("The payment service is down.");
    }

    @Test
    void oneLongAnswerWithoutSentencesKeepsItsBeginning() {
        String json = "{\"rows\": [" + "{\"sku\": \"A-1\", \"stock\": 7}, ".repeat(40) + "]}";

        String learned = knowledge.of(json, GOAL, List.of());

        assertThat(learned).isNotEmpty().hasSizeLessThanOrEqualTo(200);
        assertThat(json).startsWith(learned);
    }
}
