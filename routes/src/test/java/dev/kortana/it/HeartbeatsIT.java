package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heartbeats against a PostgreSQL the test owns: the instance's components beat into the shared table; an instance
 * that stops beating raises an alert that clears when it beats again; and with the database stopped readiness fails
 * and an alert is open, both clearing once it is back.
 */
class HeartbeatsIT {

    @TempDir
    Path dir;

    EmbeddedPostgres postgres;
    RunningKortana app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void componentsBeatASilentInstanceIsAnAlertAndADatabaseOutageTakesReadinessDownUntilItIsBack() throws Exception {
        int pgPort = Ports.free();
        Path data = dir.resolve("pg");
        postgres = start(data, pgPort);
        app = RunningKortana.start(dir.resolve("kortana"), "kortana", Map.of(
                "kortana.db.url", postgres.getJdbcUrl("postgres", "postgres"),
                "kortana.heartbeat.interval-ms", "200"));

        JsonNode beat = await().atMost(Duration.ofSeconds(20)).until(() -> app.getJson("/api/heartbeats"),
                b -> b.path("components").findValuesAsText("component").containsAll(java.util.List.of("database", "lease-sweeper",
                        "memory-index", "model:offline", "model-router", "scheduler:lease-sweeper", "scheduler:heartbeat",
                        "scheduler:store-counts")));
        assertThat(beat.path("alerts")).isEmpty();
        assertThat(beat.path("components").findValues("ok")).allSatisfy(ok -> assertThat(ok.asBoolean()).isTrue());

        // Another instance that beat a minute ago and then went silent.
        sql("INSERT INTO kortana.heartbeats (node, component, status, beat_at) VALUES ('gone-1', 'database', 'ok', now() - interval '1 minute')");
        JsonNode alerted = await().atMost(Duration.ofSeconds(20)).until(() -> app.getJson("/api/heartbeats"),
                b -> b.path("alerts").size() == 1);
        assertThat(alerted.path("alerts").get(0).path("node").asText()).isEqualTo("gone-1");
        assertThat(alerted.path("alerts").get(0).path("problem").asText()).startsWith("no heartbeat for");
        sql("UPDATE kortana.heartbeats SET beat_at = now() + interval '1 hour' WHERE node = 'gone-1'"); // it beats again
        await().atMost(Duration.ofSeconds(20)).until(() -> app.getJson("/api/heartbeats").path("alerts").isEmpty());

        postgres.close(); // a fast shutdown: every connection is cut
        postgres = null;
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health/ready").statusCode() == 503);
        JsonNode down = app.getJson("/api/heartbeats");
        assertThat(down.path("databaseOk").asBoolean()).isFalse();
        assertThat(down.path("alerts").findValuesAsText("component")).contains("database");

        postgres = start(data, pgPort);
        await().atMost(Duration.ofSeconds(60)).until(() -> app.get("/observe/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.getJson("/api/heartbeats").path("alerts").isEmpty());
    }

    private void sql(String statement) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static EmbeddedPostgres start(Path data, int port) throws java.io.IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setPGStartupWait(Duration.ofSeconds(30)).start();
    }
}
