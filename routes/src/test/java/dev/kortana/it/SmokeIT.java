package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.cli.Kortana;
import dev.kortana.contracts.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./kortana smoke} passes against a fresh Kor'tana, every stage from its events, and against one that cannot do
 * its work (no allowed tool fits any goal) fails naming the stage that did not do its part.
 */
class SmokeIT {

    @TempDir
    Path dir;

    @Test
    void passesAgainstAFreshInstanceAndFailsNamingTheStageAgainstABrokenOne() throws Exception {
        String schema = TestDatabase.newSchema();
        try (RunningKortana app = RunningKortana.start(dir.resolve("fresh"), schema, Map.of())) {
            Run run = smoke(app.port(), "--json");

            assertThat(run.exit).as(run.out).isZero();
            JsonNode result = Json.MAPPER.readTree(run.out);
            assertThat(result.path("passed").asBoolean()).isTrue();
            assertThat(result.path("stages").findValuesAsText("stage")).containsExactly("ready", "intake", "plan", "policy",
                    "execute", "validate", "memory", "reflect", "outcome");
            assertThat(result.path("stages").findValues("passed")).allSatisfy(p -> assertThat(p.asBoolean()).isTrue());
            assertThat(result.path("durationMs").asLong()).isPositive();
            assertThat(app.getJson("/api/tasks/" + result.path("taskId").asText()).path("status").asText()).isEqualTo("COMPLETED");
            // Deployment Confidence: the autonomy metrics show the smoke check that just ran.
            JsonNode confidence = app.getJson("/api/metrics/autonomy?window=1h").path("deploymentConfidence");
            assertThat(confidence.path("smokePassed").asBoolean()).isTrue();
            assertThat(confidence.path("smokeDurationMs").asLong()).isPositive();
        } finally {
            TestDatabase.dropSchema(schema);
        }

        String broken = TestDatabase.newSchema();
        try (RunningKortana app = RunningKortana.start(dir.resolve("broken"), broken,
                Map.of("kortana.policy.allowed-tools", "memory.search"))) {
            Run run = smoke(app.port());

            assertThat(run.exit).isEqualTo(1);
            assertThat(run.out).contains("smoke check FAILED at plan: no PLANNED event; the task is FAILED")
                    .contains("no allowed tool fits the goal")
                    .containsPattern("intake +ok");
        } finally {
            TestDatabase.dropSchema(broken);
        }
    }

    private static Run smoke(int port, String... more) {
        StringWriter out = new StringWriter();
        CommandLine cli = Kortana.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        String[] args = new String[3 + more.length];
        args[0] = "smoke";
        args[1] = "--url";
        args[2] = "http://127.0.0.1:" + port;
        System.arraycopy(more, 0, args, 3, more.length);
        int exit = cli.execute(args);
        return new Run(exit, out.toString());
    }

    private record Run(int exit, String out) {}
}
