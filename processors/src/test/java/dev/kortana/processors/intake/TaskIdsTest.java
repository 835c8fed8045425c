package dev.kortana.processors.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskIdsTest {

    /** The id pattern of agent-task.schema.json. */
    private static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$";

    private static final byte[] CONTENT = "{\"goal\":\"g\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void fileIdIsTheSameForSameNameAndContent() {
        assertThat(TaskIds.forFile("task.json", CONTENT)).isEqualTo(TaskIds.forFile("task.json", CONTENT.clone()));
    }

    @Test
    void fileIdChangesWithContent() {
        byte[] other = "{\"goal\":\"h\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(TaskIds.forFile("task.json", CONTENT)).isNotEqualTo(TaskIds.forFile("task.json", other));
    }

    @Test
    void fileIdChangesWithName() {
        assertThat(TaskIds.forFile("a.json", CONTENT)).isNotEqualTo(TaskIds.forFile("b.json", CONTENT));
    }

    @Test
    void fileIdStartsWithTheFileNameWithoutExtension() {
        assertThat(TaskIds.forFile("kafka-outages.json", CONTENT)).matches("kafka-outages-[0-9a-f]{12}");
    }

    @Test
    void fileIdReplacesSpacesInTheName() {
        assertThat(TaskIds.forFile("my weekly report.json", CONTENT)).startsWith("my-weekly-report-");
    }

    @Test
    void fileIdFallsBackToFileWhenNothingOfTheNameIsUsable() {
        assertThat(TaskIds.forFile("日本語.json", CONTENT)).matches("file-[0-9a-f]{12}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"task.json", "my task (copy).json", "résumé.json", "日本語.json", ".hidden", "...json",
            "..x.json", "-dash.json", "_under.json", "no-extension", "a.b.c.json", "tab\tand\nnewline.json", "..", ".",
            "x", "😀 emoji.json", "$$$.json", "weird:colon.json"})
    void fileIdMatchesTheSchemaIdPattern(String name) {
        assertThat(TaskIds.forFile(name, CONTENT)).matches(ID_PATTERN);
    }

    @Test
    void fileIdOfAVeryLongNameStaysWithinTheSchemaLimit() {
        String name = "n".repeat(500) + ".json";

        String id = TaskIds.forFile(name, CONTENT);

        assertThat(id).matches(ID_PATTERN).hasSizeLessThanOrEqualTo(128).startsWith("nnnn");
    }

    @Test
    void fileIdOfAVeryLongUnicodeNameStaysWithinTheSchemaLimit() {
        assertThat(TaskIds.forFile("é".repeat(300) + "x".repeat(300) + ".json", CONTENT)).matches(ID_PATTERN);
    }

    @Test
    void recordIdIsTheSameForARedeliveryOfTheSameRecord() {
        assertThat(TaskIds.forRecord("tasks", 3, 42L, 1000L, CONTENT)).isEqualTo(TaskIds.forRecord("tasks", 3, 42L, 1000L, CONTENT));
    }

    @Test
    void recordIdDiffersForAnotherOffsetPartitionOrTopic() {
        String id = TaskIds.forRecord("tasks", 3, 42L, 1000L, CONTENT);

        assertThat(id).isNotEqualTo(TaskIds.forRecord("tasks", 3, 43L, 1000L, CONTENT))
                .isNotEqualTo(TaskIds.forRecord("tasks", 4, 42L, 1000L, CONTENT))
                .isNotEqualTo(TaskIds.forRecord("other", 3, 42L, 1000L, CONTENT));
    }

    @Test
    void recordIdDiffersWhenARecreatedTopicReusesAnOffset() {
        String before = TaskIds.forRecord("tasks", 0, 0L, 1000L, CONTENT);

        assertThat(TaskIds.forRecord("tasks", 0, 0L, 2000L, CONTENT)).isNotEqualTo(before);
        assertThat(TaskIds.forRecord("tasks", 0, 0L, 1000L, "{\"goal\":\"other\"}".getBytes())).isNotEqualTo(before);
    }

    @Test
    void recordIdMatchesTheSchemaIdPattern() {
        assertThat(TaskIds.forRecord("kortana.tasks", 0, Long.MAX_VALUE, Long.MAX_VALUE, CONTENT)).startsWith("kafka-").matches(ID_PATTERN);
    }

    @Test
    void randomIdsDifferAndMatchTheSchemaIdPattern() {
        String one = TaskIds.random();

        assertThat(one).matches(ID_PATTERN).isNotEqualTo(TaskIds.random());
    }

    @Test
    void sha256IsLowerHex() {
        assertThat(TaskIds.sha256("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
