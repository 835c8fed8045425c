package dev.kortana.processors.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.processors.policy.PolicySource.ReloadResult;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicySourceTest {

    private static final String ONE_RULE = """
            version: v1
            rules: [ { id: no-writes, when: { tool: { safety: [writes-data] } }, effect: DENY, reason: r } ]
            """;
    private static final String TWO_RULES = """
            version: v2
            rules:
              - { id: no-writes, when: { tool: { safety: [writes-data] } }, effect: DENY, reason: r }
              - { id: no-http, when: { tool: { kind: [http] } }, effect: DENY, reason: r }
            """;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aGoodChangeReplacesTheBook() throws IOException {
        Path file = write("policies.yaml", ONE_RULE);
        PolicySource source = PolicySource.load(file.toString(), CLOCK);
        PolicyBook before = source.current();

        write("policies.yaml", TWO_RULES);
        ReloadResult result = settled(source);

        assertThat(result.changed()).isTrue();
        assertThat(result.accepted()).isTrue();
        assertThat(result.problems()).isEmpty();
        assertThat(result.version()).startsWith("v2+").isEqualTo(source.current().version());
        assertThat(source.current().ruleIds()).containsExactly("no-writes", "no-http");
        assertThat(before.ruleIds()).containsExactly("no-writes");
        assertThat(source.loadedAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void aBadChangeKeepsTheOldBookAndSaysWhy() throws IOException {
        Path file = write("policies.yaml", ONE_RULE);
        PolicySource source = PolicySource.load(file.toString(), CLOCK);
        String goodVersion = source.current().version();

        write("policies.yaml", ONE_RULE.replace("DENY", "DENNY"));
        ReloadResult refused = settled(source);
        ReloadResult again = source.reloadIfChanged();

        assertThat(refused.changed()).isTrue();
        assertThat(refused.accepted()).isFalse();
        assertThat(refused.version()).isEqualTo(goodVersion);
        assertThat(refused.problems()).singleElement().asString()
                .startsWith("rules[0] (id: no-writes): effect: 'DENNY' is not an effect; did you mean DENY?");
        assertThat(source.current().version()).isEqualTo(goodVersion);
        assertThat(again).isEqualTo(new ReloadResult(false, false, goodVersion, refused.problems()));

        write("policies.yaml", TWO_RULES);
        assertThat(settled(source).accepted()).isTrue();
        assertThat(source.current().ruleIds()).hasSize(2);
    }

    @Test
    void anUnchangedFileIsNoChangeEvenWhenTouched() throws IOException {
        Path file = write("policies.yaml", ONE_RULE);
        PolicySource source = PolicySource.load(file.toString(), CLOCK);
        PolicyBook book = source.current();

        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        ReloadResult result = source.reloadIfChanged();

        assertThat(result).isEqualTo(new ReloadResult(false, true, book.version(), java.util.List.of()));
        assertThat(source.current()).isSameAs(book);
    }

    @Test
    void aDeletedFileKeepsTheBookInForce() throws IOException {
        Path file = write("policies.yaml", ONE_RULE);
        PolicySource source = PolicySource.load("file:" + file, CLOCK);
        PolicyBook book = source.current();

        Files.delete(file);
        ReloadResult result = settled(source);

        assertThat(result.changed()).isTrue();
        assertThat(result.accepted()).isFalse();
        assertThat(result.problems()).singleElement().asString().contains("missing").contains(book.version());
        assertThat(source.current()).isSameAs(book);
    }

    @Test
    void aBadFileStopsTheStart() throws IOException {
        Path file = write("policies.yaml", "rules: [ { id: a } ]");

        assertThatThrownBy(() -> PolicySource.load(file.toUri().toString(), CLOCK))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("rules[0] (id: a): effect: is missing");
        assertThatThrownBy(() -> PolicySource.load(dir.resolve("nope.yaml").toString(), CLOCK))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageContaining("the file does not exist");
    }

    @Test
    void aClasspathResourceLoadsAndCannotBeReloaded() throws IOException {
        write("policies.yaml", ONE_RULE);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            PolicySource source = PolicySource.load("classpath:policies.yaml", loader, CLOCK);

            assertThat(source.file()).isNull();
            assertThat(source.current().ruleIds()).containsExactly("no-writes");
            assertThat(source.reloadIfChanged()).isEqualTo(new ReloadResult(false, true, source.current().version(),
                    java.util.List.of()));
            assertThat(PolicySource.load("classpath:missing.yaml", loader, CLOCK).current()).isSameAs(PolicyBook.empty());
        }
    }

    @Test
    void aSourceStartedFromAnotherBookLoadsTheFileOnTheFirstReload() throws IOException {
        Path file = write("policies.yaml", ONE_RULE);
        PolicySource source = new PolicySource(file, PolicyBook.empty(), CLOCK);

        assertThat(settled(source).changed()).isTrue();
        assertThat(source.current().ruleIds()).containsExactly("no-writes");
    }

    @Test
    void aChangeIsTakenOnlyOnceItHasStayedTheSameForOneLook() throws IOException {
        Path file = write("policies.yaml", TWO_RULES);
        PolicySource source = PolicySource.load(file.toString(), CLOCK);

        write("policies.yaml", ONE_RULE.substring(0, ONE_RULE.indexOf("rules:")) + "rules: []\n"); // caught half-written
        assertThat(source.reloadIfChanged().changed()).isFalse();
        write("policies.yaml", ONE_RULE); // the writer finished
        assertThat(source.reloadIfChanged().changed()).as("it changed since the last look").isFalse();
        assertThat(source.current().ruleIds()).as("the half-written file was never in force").containsExactly("no-writes", "no-http");

        assertThat(source.reloadIfChanged().changed()).isTrue();
        assertThat(source.current().ruleIds()).containsExactly("no-writes");
    }

    /** Two looks: the first sees the change, the second (finding it unchanged) takes it. */
    private static ReloadResult settled(PolicySource source) {
        ReloadResult first = source.reloadIfChanged();
        assertThat(first.changed()).as("a change is not taken at the first look").isFalse();
        return source.reloadIfChanged();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
