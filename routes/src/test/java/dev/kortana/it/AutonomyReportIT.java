package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.metrics.AutonomyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily autonomy audit writes a day's figures as JSON and Markdown under the data dir, the same as
 * /api/metrics/autonomy computes them, and a day is reported once: a second report of it is refused.
 */
class AutonomyReportIT {

    @TempDir
    Path dir;

    @Test
    void aDayIsReportedOnceAsJsonAndMarkdownWithTheFiguresTheApiGives() throws Exception {
        String schema = TestDatabase.newSchema();
        try (RunningKortana app = RunningKortana.start(dir.resolve("data"), schema, Map.of())) {
            for (int i = 0; i < 3; i++) {
                String id = Json.MAPPER.readTree(app.postJson("{\"goal\":\"summarize report note " + i + "\"}").body()).path("taskId").asText();
                assertThat(app.awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");
            }
            AutonomyReport reports = app.camel().getRegistry().lookupByNameAndType("autonomyReport", AutonomyReport.class);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);

            String written = reports.report(today).orElseThrow();

            JsonNode report = Json.MAPPER.readTree(Files.readString(dir.resolve("data/reports/autonomy-" + today + ".json")));
            assertThat(Json.MAPPER.readTree(written)).isEqualTo(report);
            assertThat(report.path("overall").path("tasks").asLong()).isEqualTo(3);
            assertThat(report.path("overall").path("autonomyIndex").asDouble()).isEqualTo(1.0);
            assertThat(report.path("byChannel").path("HTTP").path("tasks").asLong()).isEqualTo(3);
            assertThat(report.path("byDomain").size()).as("domains: %s", report.path("byDomain")).isPositive();
            assertThat(report.path("knowledgeFreshness").path("factsStored").asLong())
                    .isEqualTo(app.getJson("/api/metrics/autonomy?window=1d").path("knowledgeFreshness").path("factsStored").asLong());
            JsonNode api = app.getJson("/api/metrics/autonomy?window=1d");
            assertThat(report.path("overall").path("completedWithoutHumanAction").asLong())
                    .isEqualTo(api.path("completedWithoutHumanAction").asLong());
            assertThat(Files.readString(dir.resolve("data/reports/autonomy-" + today + ".md")))
                    .startsWith("# Autonomy report, " + today).contains("| all | 3 | 3 | 100.0 % |");
            assertThat(reports.report(today)).as("a second report of the same day").isEmpty();
        } finally {
            TestDatabase.dropSchema(schema);
        }
    }
}
