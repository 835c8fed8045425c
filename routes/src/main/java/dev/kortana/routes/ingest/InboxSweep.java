package dev.kortana.routes.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.TaskIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every inbox entry the file channel does not take: a name it cannot handle ({@link InboxNames}) or a dangling
 * symbolic link is moved to {@code .error/} under a safe name beside an {@code .error.json} giving the original name
 * (escaped, and its bytes percent-encoded), and logged once; a file that is not {@code *.json} stays, and is logged
 * once while it stays. Each is counted by reason.
 */
public class InboxSweep {

    private static final Logger LOG = LoggerFactory.getLogger(InboxSweep.class);
    private static final Pattern TASK_FILE = Pattern.compile("(?i).*\\.json");
    private static final int MAX_REMEMBERED = 10_000;
    private static final String CAMEL_LOCK = ".camelLock";

    private final Path inbox;
    private final Consumer<String> counted;
    private final Set<String> ignoredListed = new HashSet<>();

    /** {@code counted} receives the reason of every file refused or ignored (a metric's tag). */
    public InboxSweep(Path inbox, Consumer<String> counted) {
        this.inbox = inbox;
        this.counted = counted;
    }

    public synchronized void sweep() throws IOException {
        if (!Files.isDirectory(inbox)) {
            return;
        }
        Set<String> present = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // .done/, .error/ and hidden files, which Camel skips too
                }
                if (name.endsWith(CAMEL_LOCK) && Files.exists(entry.resolveSibling(name.substring(0, name.length() - CAMEL_LOCK.length())))) {
                    continue; // the file consumer's own read-lock marker beside a task file it is reading
                }
                Optional<String> refused = reasonToRefuse(entry, name);
                if (refused.isPresent()) {
                    quarantine(entry, name, refused.get());
                } else if (!TASK_FILE.matcher(name).matches() && !Files.isDirectory(entry)) {
                    present.add(name);
                    if (ignoredListed.size() < MAX_REMEMBERED && ignoredListed.add(name)) {
                        counted.accept("not-json");
                        LOG.warn("Ignoring inbox/{}: only *.json files are tasks", Json.MAPPER.valueToTree(name));
                    }
                }
            }
        }
        ignoredListed.retainAll(present);
    }

    private static Optional<String> reasonToRefuse(Path entry, String name) {
        Optional<String> unsafe = InboxNames.whyUnsafe(name);
        if (unsafe.isPresent()) {
            return unsafe;
        }
        if (Files.isSymbolicLink(entry) && !Files.exists(entry)) {
            return Optional.of("dangling-symlink");
        }
        return Optional.empty();
    }

    private void quarantine(Path entry, String name, String reason) throws IOException {
        Path errors = Files.createDirectories(inbox.resolve(".error"));
        String rawName = entry.toUri().getRawPath().replaceFirst(".*/", "");
        String safe = safeName(name, rawName);
        Files.move(entry, errors.resolve(safe), StandardCopyOption.REPLACE_EXISTING);
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("file", name);
        report.put("fileBytes", rawName);
        report.put("movedTo", ".error/" + safe);
        report.put("rejectedAt", Instant.now().toString());
        report.put("error", explain(reason));
        report.put("hint", "rename the file to at most " + InboxNames.MAX_NAME_BYTES
                + " bytes of UTF-8 without control characters or backslashes, ending in .json, and drop it into the inbox again");
        Path temp = Files.createTempFile(errors, ".report-", ".tmp");
        Files.writeString(temp, report.toPrettyString() + "\n", StandardCharsets.UTF_8);
        Files.move(temp, errors.resolve(safe + ".error.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        counted.accept(reason);
        LOG.warn("Refused inbox/{} ({}): moved to inbox/.error/{}", Json.MAPPER.valueToTree(name), explain(reason), safe);
    }

    /** Letters, digits, '.', '_' and '-' of the name, cut short, and a hash of its bytes: unique and safe anywhere. */
    static String safeName(String name, String rawName) {
        String base = name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+", "");
        if (base.length() > 80) {
            base = base.substring(0, 80);
        }
        return "refused-" + (base.isEmpty() ? "" : base + "-")
                + TaskIds.sha256(rawName.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    private static String explain(String reason) {
        return switch (reason) {
            case "not-utf8" -> "the file name is not valid UTF-8";
            case "name-too-long" -> "the file name is longer than " + InboxNames.MAX_NAME_BYTES + " bytes, so no report could be written beside it";
            case "control-character" -> "the file name contains a control character (e.g. a line break)";
            case "backslash" -> "the file name contains a backslash";
            case "dangling-symlink" -> "the file is a symbolic link to nothing";
            default -> reason;
        };
    }
}
