package dev.kortana.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.fuzz.AsSent;
import dev.kortana.fuzz.FuzzCase;
import dev.kortana.fuzz.FuzzTally;
import dev.kortana.fuzz.FuzzTally.Verdict;
import dev.kortana.fuzz.HostileTasks;
import dev.kortana.processors.intake.TaskIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * The file channel of the fuzz run: cases dropped into the inbox in batches (each file appears whole, by a rename),
 * then each judged by where it went: {@code .done/} and a task, or {@code .error/} with a report naming the place.
 */
final class FuzzFiles {

    static final String CHANNEL = "file";
    private static final int BATCH = 250;

    private final Path inbox;
    private final FuzzTally tally;
    private final Queue<FuzzReadback.Accepted> accepted;

    FuzzFiles(Path inbox, FuzzTally tally, Queue<FuzzReadback.Accepted> accepted) {
        this.inbox = inbox;
        this.tally = tally;
        this.accepted = accepted;
    }

    void run(long seed, int cases, int maxBody) throws IOException {
        HostileTasks generator = new HostileTasks(seed, "fz-file", maxBody, false);
        Files.createDirectories(inbox);
        for (int start = 0; start < cases; start += BATCH) {
            List<FuzzCase> batch = new ArrayList<>();
            for (int i = start; i < Math.min(cases, start + BATCH); i++) {
                FuzzCase c = generator.next();
                batch.add(c);
                Path temp = inbox.resolve("." + name(c) + ".tmp"); // dot files are not read
                Files.write(temp, c.body());
                Files.move(temp, inbox.resolve(name(c)), StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .until(() -> batch.stream().noneMatch(c -> Files.exists(inbox.resolve(name(c)))));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // judged below: a file still in the inbox is a server error
            }
            for (FuzzCase c : batch) {
                judge(c);
            }
        }
    }

    private void judge(FuzzCase c) throws IOException {
        String name = name(c);
        boolean left = Files.exists(inbox.resolve(name));
        boolean done = Files.exists(inbox.resolve(".done").resolve(name));
        boolean error = Files.exists(inbox.resolve(".error").resolve(name));
        Path report = inbox.resolve(".error").resolve(name + ".error.json");
        if (left || done == error) {
            tally.record(CHANNEL, c, Verdict.SERVER_ERROR, left ? "still in the inbox" : done ? "in both .done and .error" : "vanished");
        } else if (done) {
            if (c.expect() == FuzzCase.Expect.REJECT) {
                tally.record(CHANNEL, c, Verdict.JUNK_ACCEPTED, "moved to .done");
            } else {
                accepted.add(new FuzzReadback.Accepted(CHANNEL, c, taskId(c, name)));
            }
        } else if (!Files.exists(report) || !namesPlace(Json.MAPPER.readTree(report.toFile()))) {
            tally.record(CHANNEL, c, Verdict.UNCLEAR_PROBLEM, "in .error without a report naming a field");
        } else {
            tally.record(CHANNEL, c, c.expect() == FuzzCase.Expect.ACCEPT ? Verdict.GOOD_LOST : Verdict.CLEAR_PROBLEM,
                    Files.readString(report));
        }
    }

    private static boolean namesPlace(JsonNode report) {
        List<String> fields = report.path("problems").findValuesAsText("field");
        return !fields.isEmpty() && fields.stream().allMatch(f -> f.startsWith("/"));
    }

    /** The id in the body when it has one, else the one the file channel derives from name and content. */
    private static String taskId(FuzzCase c, String name) {
        JsonNode sent = AsSent.read(c.body());
        return sent != null && sent.path("id").isTextual() ? sent.path("id").asText() : TaskIds.forFile(name, c.body());
    }

    private static String name(FuzzCase c) {
        return String.format("case-%06d.json", c.number());
    }
}
