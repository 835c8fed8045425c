package dev.kortana.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.kortana.routes.access.ApiKeyFile;
import dev.kortana.routes.access.IssuedKey;
import dev.kortana.routes.access.Principal;
import dev.kortana.routes.access.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's tour as a newcomer copies it, line by line, from a fresh clone. */
class ReadmeTourTest {

    private static final Path README = Path.of("..", "README.md");

    /** A README line, and whether it is in a shell code block (else it is prose). */
    record Line(String text, boolean code) {}

    @Test
    void everyKortanaCommandInTheReadmeParses() throws IOException {
        List<String> commands = lines("# Kor'tana", null).stream().filter(Line::code).flatMap(l -> kortanaCommands(l.text()).stream()).toList();

        assertThat(commands).hasSizeGreaterThan(10);
        for (String command : commands) {
            List<String> words = words(command);
            assertThatCode(() -> Kortana.commandLine().parseArgs(words.subList(1, words.size()).toArray(String[]::new)))
                    .as(command).doesNotThrowAnyException();
        }
    }

    @Test
    void everyRestartInTheTourSaysToStopTheRunningKortanaFirst() throws IOException {
        List<Line> tour = lines("## A 5-minute tour", "## What is inside");
        List<Integer> runs = new ArrayList<>();
        for (int i = 0; i < tour.size(); i++) {
            if (tour.get(i).code() && tour.get(i).text().startsWith("./kortana run")) {
                runs.add(i);
            }
        }

        assertThat(runs).hasSizeGreaterThanOrEqualTo(5);
        for (int r = 1; r < runs.size(); r++) {
            String between = tour.subList(runs.get(r - 1) + 1, runs.get(r)).stream().map(Line::text).reduce("", String::concat);
            assertThat(between).as("before " + tour.get(runs.get(r)).text()).contains("Ctrl-C");
        }
    }

    @Test
    void theTourGivesTheCommandLineKortanasAddressOnceThroughKortanaUrl() throws IOException {
        List<String> code = code("## A 5-minute tour", "## What is inside");

        String export = code.stream().filter(l -> l.startsWith("export KORTANA_URL=")).findFirst().orElseThrow();
        String port = words(code.get(0)).get(words(code.get(0)).indexOf("--port") + 1);
        assertThat(ApiUrl.parse(export.substring("export KORTANA_URL=".length()), "KORTANA_URL")).isEqualTo("http://127.0.0.1:" + port);
        assertThat(code.stream().flatMap(l -> kortanaCommands(l).stream())).noneMatch(c -> c.contains("--url"));
    }

    @Test
    void theFileStepWaitsForWhatKortanaWritesBeforeReadingIt() throws IOException {
        List<String> code = code("**2. Drop a file.**", "**3.");

        for (String written : List.of("/outbox/", "/.error/")) {
            String firstRead = code.stream().filter(l -> l.contains(written)).findFirst().orElseThrow();
            assertThat(firstRead).as(written).startsWith("for i in $(seq ").contains("&& break; sleep 1; done");
        }
    }

    @Test
    void theKafkaStepEndsWithKortanaRunningWithoutTheBroker() throws IOException {
        List<String> code = code("**3. Publish to Kafka.**", "**4.");

        int stop = code.indexOf("scripts/dev-kafka stop");
        String lastRun = code.stream().filter(l -> l.startsWith("./kortana run")).reduce((a, b) -> b).orElseThrow();
        assertThat(stop).isNotNegative();
        assertThat(code.indexOf(lastRun)).isGreaterThan(stop);
        assertThat(lastRun).doesNotContain("--kafka-brokers");
    }

    @Test
    void theKeysDetourWritesAKeyFileWithASubmitterAndAnAdminWhoseKeysItPrinted(@TempDir Path dir) throws Exception {
        List<String> block = code("## A 5-minute tour", "**1.").stream().dropWhile(l -> !l.contains("keys new"))
                .takeWhile(l -> !l.startsWith("./kortana run")).toList();
        String script = "set -euo pipefail\nkortana() { \"$JAVA\" -cp \"$CLASSPATH_OF_TEST\" dev.kortana.cli.Kortana \"$@\"; }\n"
                + String.join("\n", block).replace("./kortana ", "kortana ").replace("/tmp/k1", dir.resolve("k1").toString());

        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bash.log").toFile());
        bash.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        bash.environment().put("CLASSPATH_OF_TEST", System.getProperty("java.class.path"));
        Process process = bash.start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("bash.log"))).isZero();
        List<IssuedKey> keys;
        try (InputStream file = Files.newInputStream(dir.resolve("k1-keys.yaml"))) {
            keys = ApiKeyFile.load(file, "the tour's key file");
        }
        assertThat(keys).extracting(IssuedKey::principal).containsExactly(
                new Principal("me", "acme", Set.of(Role.SUBMITTER)), new Principal("ops", "*", Set.of(Role.ADMIN)));
        assertThat(keys.get(0).hex()).isEqualTo(HexFormat.of().formatHex(IssuedKey.sha256(printedKey(dir.resolve("k1-me.txt")))));
        assertThat(keys.get(1).hex()).isEqualTo(HexFormat.of().formatHex(IssuedKey.sha256(printedKey(dir.resolve("k1-ops.txt")))));
        assertThat(Files.readString(dir.resolve("k1.properties")).strip())
                .isEqualTo("kortana.auth.keys-file=file:" + dir.resolve("k1-keys.yaml"));
    }

    /** The one line the tour's {@code grep '^kt_'} takes as the key. */
    private static String printedKey(Path printed) throws IOException {
        List<String> keys = Files.readAllLines(printed).stream().filter(l -> l.startsWith("kt_")).toList();
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    /** README lines from the one starting with {@code from} up to the one starting with {@code to} (or the end). */
    private static List<Line> lines(String from, String to) throws IOException {
        List<Line> lines = new ArrayList<>();
        boolean inSection = false;
        boolean inShell = false;
        boolean inOther = false;
        for (String text : Files.readAllLines(README)) {
            if (!inShell && !inOther) {
                inSection = inSection ? to == null || !text.startsWith(to) : text.startsWith(from);
            }
            if (text.startsWith("```")) {
                if (inShell || inOther) {
                    inShell = inOther = false;
                } else if (text.equals("```bash")) {
                    inShell = true;
                } else {
                    inOther = true;
                }
            } else if (inSection) {
                lines.add(new Line(text, inShell));
            }
        }
        return lines;
    }

    private static List<String> code(String from, String to) throws IOException {
        return lines(from, to).stream().filter(Line::code).map(Line::text).toList();
    }

    /** Each {@code ./kortana …} in a shell line (not in its comment), up to a pipe, redirection or the end of a $( ). */
    private static List<String> kortanaCommands(String shellLine) {
        String line = withoutComment(shellLine);
        List<String> commands = new ArrayList<>();
        for (int at = line.indexOf("./kortana "); at >= 0; at = line.indexOf("./kortana ", at + 1)) {
            StringBuilder command = new StringBuilder();
            char quote = 0;
            for (int i = at; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote == 0 && (c == '|' || c == '>' || c == ')' || c == ';' || c == '&')) {
                    break;
                }
                if (c == '"' || c == '\'') {
                    quote = quote == 0 ? c : quote == c ? 0 : quote;
                }
                command.append(c);
            }
            commands.add(command.toString().strip());
        }
        return commands;
    }

    private static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' || c == '\'') {
                quote = quote == 0 ? c : quote == c ? 0 : quote;
            } else if (c == '#' && quote == 0 && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Shell words: quotes group and are removed; a $(…) inside quotes stays one word. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if ((c == '"' || c == '\'') && (quote == 0 || quote == c)) {
                quote = quote == 0 ? c : 0;
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
