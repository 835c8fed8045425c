package dev.kortana.processors.prompts;

import static dev.kortana.processors.prompts.PromptFixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PromptBookTest {

    private final PromptFixtures.ListSource source = new PromptFixtures.ListSource();

    @Test
    void givesTheActiveVersionAndRecordsItOnTheTask() {
        source.versions.add(version("plan", 1, PromptVersion.RETIRED));
        source.versions.add(version("plan", 2, PromptVersion.ACTIVE));
        PromptBook book = new PromptBook(source);

        PromptChoice choice = book.choose("plan", "task-1");

        assertThat(choice.version()).isEqualTo(2);
        assertThat(choice.text()).isEqualTo("plan text v2");
        assertThat(choice.canary()).isFalse();
        assertThat(source.uses).containsExactly("task-1 plan v2");
    }

    @Test
    void neverGivesAProposedOrRejectedVersion() {
        source.versions.add(version("plan", 1, PromptVersion.ACTIVE));
        source.versions.add(version("plan", 2, PromptVersion.PROPOSED));
        source.versions.add(version("plan", 3, PromptVersion.REJECTED));
        PromptBook book = new PromptBook(source);

        Set<Integer> given = IntStream.range(0, 500).mapToObj(i -> book.choose("plan", "task-" + i).version())
                .collect(Collectors.toSet());

        assertThat(given).containsExactly(1);
    }

    @Test
    void givesTheCanaryToAboutItsShareOfTasksAndAlwaysToTheSameOnes() {
        source.versions.add(version("plan", 1, PromptVersion.ACTIVE));
        source.versions.add(version("plan", 2, PromptVersion.CANARY, 0.2, "plan canary", ""));
        PromptBook book = new PromptBook(source);

        Set<String> canaryTasks = IntStream.range(0, 4000).mapToObj(i -> "task-" + i)
                .filter(id -> book.choose("plan", id).canary()).collect(Collectors.toSet());
        Set<String> again = IntStream.range(0, 4000).mapToObj(i -> "task-" + i)
                .filter(id -> new PromptBook(source).choose("plan", id).version() == 2).collect(Collectors.toSet());

        assertThat(canaryTasks.size()).isBetween(700, 900);
        assertThat(again).isEqualTo(canaryTasks);
        assertThat(canaryTasks).allMatch(id -> PromptBook.inCanary("plan", id, 0.2));
    }

    @Test
    void theCanariesOfTwoTemplatesReachDifferentTasks() {
        Set<String> plan = IntStream.range(0, 2000).mapToObj(i -> "task-" + i)
                .filter(id -> PromptBook.inCanary("plan", id, 0.5)).collect(Collectors.toSet());
        Set<String> reflect = IntStream.range(0, 2000).mapToObj(i -> "task-" + i)
                .filter(id -> PromptBook.inCanary("reflect", id, 0.5)).collect(Collectors.toSet());

        assertThat(plan).isNotEqualTo(reflect);
        assertThat(PromptBook.bucket("plan", "task-1")).isEqualTo(PromptBook.bucket("plan", "task-1")).isBetween(0.0, 1.0);
    }

    @Test
    void aVersionApprovedElsewhereRunsAfterTheRefreshAndAFailedRefreshKeepsWhatRan() {
        source.versions.add(version("reflect", 1, PromptVersion.ACTIVE));
        PromptBook book = new PromptBook(source);
        source.versions.set(0, version("reflect", 1, PromptVersion.RETIRED));
        source.versions.add(version("reflect", 2, PromptVersion.ACTIVE));

        assertThat(book.choose("reflect", "t").version()).as("before the refresh").isEqualTo(1);
        book.refresh();
        assertThat(book.choose("reflect", "t").version()).isEqualTo(2);

        source.failing = true;
        assertThatThrownBy(book::refresh).hasMessageContaining("database down");
        assertThat(book.choose("reflect", "t").version()).isEqualTo(2);
    }

    @Test
    void theShippedBookFillsTheSummarizePlaceholderAndRecordsNothing() {
        PromptChoice summarize = PromptBook.shipped().choose(ShippedPrompts.SUMMARIZE, "task-1");

        assertThat(summarize.with("sentences", 3)).isEqualTo("Summarise the text in at most 3 sentences.");
        assertThat(summarize.version()).isEqualTo(1);
    }
}
