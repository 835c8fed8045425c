package dev.kortana.processors.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveSummarizerTest {

    private static final String LONG = "Kafka brokers went down on Monday. "
            + "The weather was pleasant. "
            + "Kafka consumers lagged while the Kafka brokers restarted. "
            + "Lunch was pizza. "
            + "Kafka brokers now restart with Kafka consumers paused!";

    @Test
    void returnsShortTextWhole() {
        assertThat(ExtractiveSummarizer.summarize("One sentence. Two sentences.", 3)).isEqualTo("One sentence. Two sentences.");
    }

    @Test
    void normalisesWhitespaceOfShortText() {
        assertThat(ExtractiveSummarizer.summarize("  One   sentence.\n\n  Two\tsentences.  ", 3))
                .isEqualTo("One sentence. Two sentences.");
    }

    @Test
    void cutsLongTextToTheRequestedNumberOfSentences() {
        String summary = ExtractiveSummarizer.summarize(LONG, 2);

        assertThat(ExtractiveSummarizer.sentences(summary)).hasSize(2);
        assertThat(summary).doesNotContain("weather").doesNotContain("pizza");
    }

    @Test
    void keepsChosenSentencesInTheirOriginalOrder() {
        String summary = ExtractiveSummarizer.summarize(LONG, 3);

        assertThat(summary).isEqualTo("Kafka brokers went down on Monday. "
                + "Kafka consumers lagged while the Kafka brokers restarted. "
                + "Kafka brokers now restart with Kafka consumers paused!");
    }

    @Test
    void isDeterministic() {
        assertThat(ExtractiveSummarizer.summarize(LONG, 2)).isEqualTo(ExtractiveSummarizer.summarize(LONG, 2));
    }

    @Test
    void emptyTextGivesEmptySummary() {
        assertThat(ExtractiveSummarizer.summarize("", 3)).isEmpty();
        assertThat(ExtractiveSummarizer.summarize(" \n\n ", 3)).isEmpty();
    }

    @Test
    void splitsOnSentenceEndsBlankLinesAndBullets() {
        List<String> sentences = ExtractiveSummarizer.sentences("Title\n\nFirst. Second?\n- bullet one\n- bullet two");

        assertThat(sentences).containsExactly("Title", "First.", "Second?", "- bullet one", "- bullet two");
    }

    @Test
    void aLineWithoutAFullStopKeepsItsOwnLineSoTheSummaryStillHasTwoSentences() {
        assertThat(ExtractiveSummarizer.summarize("summarize this report\n\nBroker 3 ran out of disk. Consumers lagged.", 3))
                .isEqualTo("summarize this report\nBroker 3 ran out of disk. Consumers lagged.");
    }
}
