package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory holds knowledge, not echoes: an answer that restates what memory gave it is not remembered again, so asking
 * the same question over and over grows neither memory nor the answers (each used to quote all the earlier ones).
 */
class MemoryEchoIT {

    private static final String REPORT = "Kafka outage on 2 November: broker 3 ran out of disk and the cluster lost a"
            + " partition leader. Consumers lagged for 40 minutes. Producers retried and no data was lost. We added a disk"
            + " alert at 80 percent.";

    @TempDir
    static Path dataDir;

    static String schema = TestDatabase.newSchema();
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningKortana.start(dataDir, schema, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void askingWhatMemoryKnowsTwelveTimesGrowsNeitherMemoryNorTheAnswer() throws Exception {
        teach("teach-1", REPORT);
        assertThat(memories()).as("the report is learned").hasSize(1);

        List<Integer> answers = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            JsonNode task = ask("recall-" + i, "summarize what memory knows about kafka outages");
            String result = task.path("outcome").path("result").asText();
            assertThat(result).as("recall %d answers from memory", i).contains("broker 3 ran out of disk");
            assertThat(result.split("Goal:", -1)).as("recall %d quotes the lesson once, not earlier answers: %s", i, result)
                    .hasSizeLessThanOrEqualTo(2);
            answers.add(result.length());
        }

        assertThat(memories()).as("no recall is remembered as new knowledge").hasSize(1);
        assertThat(answers).as("the twelfth answer is as large as the first").allMatch(answers.get(0)::equals);
        JsonNode events = app.getJson("/api/tasks/recall-12/events").path("events");
        assertThat(events.toString()).contains("MEMORY_UPDATED").contains("\"stored\":false").contains("nothing new");
    }

    private static void teach(String id, String text) throws Exception {
        String body = "{\"id\":\"" + id + "\",\"goal\":\"summarize this incident report\",\"inputs\":{\"text\":\"" + text + "\"}}";
        assertThat(app.postJson(body).statusCode()).isEqualTo(202);
        assertThat(app.awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");
    }

    private static JsonNode ask(String id, String goal) throws Exception {
        assertThat(app.postJson("{\"id\":\"" + id + "\",\"goal\":\"" + goal + "\"}").statusCode()).isEqualTo(202);
        return app.awaitTerminal(id);
    }

    private static List<String> memories() throws Exception {
        List<String> contents = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT content FROM " + schema + ".memories WHERE kind = 'fact' ORDER BY id")) {
            while (rs.next()) {
                contents.add(rs.getString(1));
            }
        }
        return contents;
    }
}
