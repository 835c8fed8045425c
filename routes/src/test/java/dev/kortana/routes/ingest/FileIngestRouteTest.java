package dev.kortana.routes.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.TaskIds;
import dev.kortana.processors.store.StoreUnavailableException;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.RouteTestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file channel on a real inbox in a temporary folder, polled every few milliseconds; intake is a mock answered by
 * {@link FakeIntake}, rejections are written by the real {@link InboxRejections}, and claims go to the real
 * {@link InboxClaims} over {@link FakeInboxClaims}. Shows where a file ends up: in {@code .done/} once its task is
 * stored, in {@code .error/} beside a report naming the field, or still in the inbox when the store is down or another
 * instance claimed it; and that each claim is let go.
 */
class FileIngestRouteTest extends RouteTestSupport {

    private static final String INTAKE = "mock:intake";
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;
    private Path inbox;
    private final FakeIntake intake = new FakeIntake();
    private final List<String> skipped = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final FakeInboxClaims claims = new FakeInboxClaims();

    @Override
    protected Map<String, String> overrides() {
        return Map.of("kortana.data-dir", dataDir.toString(),
                "kortana.inbox.poll-ms", "20",
                "kortana.inbox.read-lock-check-ms", "10",
                "kortana.inbox.read-lock-min-age-ms", "0");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        inbox = dataDir.resolve("inbox");
        registry.bind("inboxRejections", new InboxRejections(inbox));
        registry.bind("inboxNames", new InboxNames<>());
        registry.bind("inboxSweep", new InboxSweep(inbox, skipped::add));
        registry.bind("inboxClaims", new InboxClaims(claims, "here", Duration.ofSeconds(15)));
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new FileIngestRoute();
    }

    @BeforeEach
    void replaceIntake() throws Exception {
        Files.createDirectories(inbox);
        AdviceWith.adviceWith(context, "ingest-file",
                route -> route.weaveByToUri(Endpoints.INTAKE).replace().to(INTAKE));
        getMockEndpoint(INTAKE).whenAnyExchangeReceived(intake);
    }

    @Test
    void movesAFileToDoneOnceItsTaskIsStored() throws Exception {
        byte[] task = drop("order-7.json", "{\"goal\":\"check stock\"}");
        context.start();

        awaitInInbox(".done/order-7.json");

        assertThat(inbox.resolve("order-7.json")).doesNotExist();
        assertThat(inbox.resolve(".error")).doesNotExist();
        assertThat(intake.received).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo("FILE");
            assertThat(r.sourceRef()).isEqualTo("order-7.json");
            assertThat(r.fallbackId()).as("the same file read again is the same task")
                    .isEqualTo(TaskIds.forFile("order-7.json", task));
            assertThat(r.body()).isEqualTo(task);
        });
    }

    @Test
    void claimsAFileBeforeReadingItAndLetsTheClaimGoOnceTheFileIsMoved() throws Exception {
        drop("order-7.json", "{\"goal\":\"check stock\"}");
        context.start();

        awaitInInbox(".done/order-7.json");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(claims.calls)
                .containsExactly("claim order-7.json by here", "release order-7.json by here"));
        assertThat(claims.owners).as("claims left behind").isEmpty();
    }

    @Test
    void leavesAFileAnotherInstanceClaimedAloneAndReadsItOnceThatClaimRanOut() throws Exception {
        claims.heldBy("elsewhere", "order-7.json");
        drop("order-7.json", "{\"goal\":\"check stock\"}");
        MockEndpoint intakeMock = getMockEndpoint(INTAKE);
        intakeMock.expectedMessageCount(0);
        intakeMock.setAssertPeriod(200); // ten polls at 20 ms: the file is another instance's
        context.start();

        MockEndpoint.assertIsSatisfied(context, PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(inbox.resolve("order-7.json")).exists();
        assertThat(claims.calls).contains("claim order-7.json by here");
        // Camel lets go of a read lock it did not get too: only this instance's own claims are deleted
        assertThat(claims.owners).containsEntry("order-7.json", "elsewhere");

        claims.expire("order-7.json"); // that instance died and its claim expired
        awaitInInbox(".done/order-7.json");
        assertThat(intake.received).hasSize(1);
        assertThat(claims.owners).isEmpty();
    }

    @Test
    void movesAnInvalidFileToErrorBesideAReportNamingTheField() throws Exception {
        drop("no-goal.json", "{\"tenant\":\"acme\"}");
        context.start();

        awaitInInbox(".error/no-goal.json");
        awaitInInbox(".error/no-goal.json.error.json");

        assertThat(inbox.resolve("no-goal.json")).doesNotExist();
        assertThat(inbox.resolve(".done")).doesNotExist();
        JsonNode problems = Json.MAPPER.readTree(inbox.resolve(".error/no-goal.json.error.json").toFile());
        assertThat(problems.path("file").asText()).isEqualTo("no-goal.json");
        assertThat(problems.path("problems")).singleElement().satisfies(p -> {
            assertThat(p.path("field").asText()).isEqualTo("/goal");
            assertThat(p.path("fix").asText()).isEqualTo("add the required field /goal");
        });
    }

    @Test
    void leavesAFileInTheInboxWhileTheStoreIsDownAndTakesItOnceTheStoreIsBack() throws Exception {
        intake.fails(() -> new StoreUnavailableException(new SQLException("connection refused", "08001")));
        getMockEndpoint(INTAKE).expectedMinimumMessageCount(3);
        drop("order-8.json", "{\"goal\":\"check stock\"}");
        context.start();

        MockEndpoint.assertIsSatisfied(context, PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(inbox.resolve("order-8.json")).exists();
        assertThat(inbox.resolve(".done")).doesNotExist();
        assertThat(inbox.resolve(".error")).doesNotExist();

        assertThat(claims.calls).as("each failed read let its claim go, for any instance to try again")
                .contains("release order-8.json by here");

        intake.fails(null);
        awaitInInbox(".done/order-8.json");
        assertThat(inbox.resolve(".error")).doesNotExist();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(claims.owners).isEmpty());
    }

    @Test
    void readsJsonFilesOfAnyCaseAndNothingElse() throws Exception {
        drop("notes.txt", "{\"goal\":\"not a task file\"}");
        drop("ORDER-9.JSON", "{\"goal\":\"check stock\"}");
        MockEndpoint intakeMock = getMockEndpoint(INTAKE);
        intakeMock.expectedHeaderValuesReceivedInAnyOrder("KortanaSourceRef", "ORDER-9.JSON");
        intakeMock.setAssertPeriod(200); // ten polls at 20 ms: notes.txt stays unread
        context.start();

        MockEndpoint.assertIsSatisfied(context, PATIENCE.toSeconds(), TimeUnit.SECONDS);

        awaitInInbox(".done/ORDER-9.JSON");
        assertThat(inbox.resolve("notes.txt")).exists();
    }

    @Test
    void namesItCouldNotMoveOrRecordGoToErrorUnderASafeNameWithAReportOnce() throws Exception {
        String longName = "l".repeat(245) + ".json"; // 250 bytes: fits the file system, not with .error.json after it
        Path tooLong = Files.write(inbox.resolve(longName), "{\"goal\":\"g\"}".getBytes(StandardCharsets.UTF_8));
        Path notUtf8 = Files.write(rawName("bad%C0%AE%C0%AE.json"), "{\"goal\":\"g\"}".getBytes(StandardCharsets.UTF_8));
        Path lineBreak = Files.write(inbox.resolve("line\nbreak.json"), "{\"goal\":\"g\"}".getBytes(StandardCharsets.UTF_8));
        Path backslash = Files.write(inbox.resolve("back\\slash.json"), "{\"goal\":\"g\"}".getBytes(StandardCharsets.UTF_8));
        Path dangling = Files.createSymbolicLink(inbox.resolve("gone.json"), dataDir.resolve("nowhere.json"));
        drop("notes.txt", "not a task");
        context.start();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(skipped).containsExactlyInAnyOrder(
                "name-too-long", "not-utf8", "control-character", "backslash", "dangling-symlink", "not-json"));

        for (Path gone : List.of(tooLong, notUtf8, lineBreak, backslash)) {
            assertThat(gone).doesNotExist();
        }
        assertThat(Files.exists(dangling, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        List<JsonNode> reports = reports();
        assertThat(reports).extracting(r -> r.path("file").asText())
                .contains(longName, "line\nbreak.json", "back\\slash.json", "gone.json");
        assertThat(reports).extracting(r -> r.path("fileBytes").asText()).contains("bad%C0%AE%C0%AE.json");
        for (JsonNode report : reports) {
            assertThat(Files.exists(inbox.resolve(report.path("movedTo").asText()), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
            assertThat(report.path("movedTo").asText()).matches("\\.error/refused-[A-Za-z0-9._-]+");
        }
        assertThat(intake.received).as("none reached intake").isEmpty();
        assertThat(inbox.resolve("notes.txt")).as("left, and listed once").exists();
        MockEndpoint intakeMock = getMockEndpoint(INTAKE);
        intakeMock.expectedMessageCount(0);
        intakeMock.setAssertPeriod(200); // ten more polls: nothing counted twice, nothing read
        MockEndpoint.assertIsSatisfied(context, PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(skipped).hasSize(6);
    }

    private List<JsonNode> reports() throws IOException {
        try (Stream<Path> files = Files.list(inbox.resolve(".error"))) {
            List<JsonNode> reports = new java.util.ArrayList<>();
            for (Path f : files.filter(f -> f.toString().endsWith(".error.json")).toList()) {
                reports.add(Json.MAPPER.readTree(f.toFile()));
            }
            return reports;
        }
    }

    /** A path in the inbox whose name has the percent-encoded bytes as they are, valid UTF-8 or not. */
    private Path rawName(String percentEncoded) {
        return Path.of(java.net.URI.create(inbox.toUri() + percentEncoded));
    }

    /** Waits until the inbox holds {@code file}; when it does not, the failure lists what it holds instead. */
    private void awaitInInbox(String file) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(inbox.resolve(file)).as("%s in an inbox holding %s", file, contents()).exists());
    }

    private List<String> contents() throws IOException {
        try (Stream<Path> files = Files.walk(inbox)) {
            return files.filter(Files::isRegularFile).map(f -> inbox.relativize(f).toString()).sorted().toList();
        }
    }

    /** Writes a file into the inbox the way a careful producer does: under a hidden name, then renamed. */
    private byte[] drop(String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path hidden = Files.write(inbox.resolve("." + name + ".part"), bytes);
        Files.move(hidden, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return bytes;
    }
}
