package dev.kortana.processors.policy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Holds the policy book in force and replaces it when policies.yaml changes, without a restart. A file that cannot be
 * used never replaces a good book: the old one stays in force and {@link #reloadIfChanged()} says why. Decisions read
 * {@link #current()} without locking; reloads are serialised.
 */
public final class PolicySource {

    private static final String CLASSPATH = "classpath:";
    private static final String GONE = "(file missing)";

    private final Path file;
    private final Clock clock;
    private volatile PolicyBook current;
    private volatile Instant loadedAt;
    private String lastSeenHash;
    private String settlingHash; // new content seen once: loaded when the next look finds it unchanged
    private boolean lastAccepted = true;
    private List<String> lastProblems = List.of();

    /** A source over {@code file} (null: nothing to reload, e.g. a classpath resource) starting with {@code initial}. */
    public PolicySource(Path file, PolicyBook initial, Clock clock) {
        this.file = file;
        this.current = Objects.requireNonNull(initial, "initial");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.loadedAt = clock.instant();
    }

    /**
     * Loads the book at start-up. {@code location} is {@code classpath:policies.yaml}, {@code file:/path} or a plain
     * path. A missing classpath resource gives {@link PolicyBook#empty()}; a missing file is an error, since a path was
     * given on purpose. Only a file source can be reloaded.
     *
     * @throws PolicyFileException when the file is missing, unreadable or has problems; start-up should stop
     */
    public static PolicySource load(String location, ClassLoader classLoader, Clock clock) {
        if (location.startsWith(CLASSPATH)) {
            String name = location.substring(CLASSPATH.length()).replaceFirst("^/", "");
            try (InputStream in = classLoader.getResourceAsStream(name)) {
                PolicyBook book = in == null ? PolicyBook.empty() : PolicyBook.load(in.readAllBytes(), location);
                return new PolicySource(null, book, clock);
            } catch (IOException e) {
                throw new PolicyFileException(location, List.of("cannot be read: " + e.getMessage()));
            }
        }
        Path path = location.startsWith("file:") ? fileOf(location) : Path.of(location);
        try {
            return new PolicySource(path, PolicyBook.load(Files.readAllBytes(path), path.toString()), clock);
        } catch (NoSuchFileException e) {
            throw new PolicyFileException(location, List.of("the file does not exist; create it, or point to an"
                    + " existing policies.yaml (classpath:policies.yaml is the shipped one)"));
        } catch (IOException e) {
            throw new PolicyFileException(location, List.of("cannot be read: " + e.getMessage()));
        }
    }

    /** {@link #load(String, ClassLoader, Clock)} with this class's class loader. */
    public static PolicySource load(String location, Clock clock) {
        return load(location, PolicySource.class.getClassLoader(), clock);
    }

    /** The book in force. Read it once per decision batch: a reload may replace it at any moment. */
    public PolicyBook current() {
        return current;
    }

    /** When the book in force was loaded. */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** The file watched for changes, or null when there is none. */
    public Path file() {
        return file;
    }

    /**
     * Reads the file and, when its content differs from what was last seen and has stayed the same since the previous
     * look, loads it: a good file replaces the book, a bad or missing one leaves the book in force. A change is thus
     * taken one look after it is first seen, so a file caught half-written (which may well parse, with rules missing)
     * is never put in force. Compares content hashes, so a touched but unchanged file is no change. A file seen
     * before and refused is reported again as unchanged, with its problems.
     */
    public synchronized ReloadResult reloadIfChanged() {
        if (file == null) {
            return new ReloadResult(false, true, current.version(), List.of());
        }
        byte[] bytes;
        String hash;
        try {
            bytes = Files.readAllBytes(file);
            hash = PolicyFileReader.contentHash(bytes);
        } catch (IOException e) {
            bytes = null;
            hash = GONE;
        }
        if (hash.equals(lastSeenHash) || (lastSeenHash == null && hash.equals(current.contentHash()))) {
            lastSeenHash = hash;
            settlingHash = null;
            return new ReloadResult(false, lastAccepted, current.version(), lastProblems);
        }
        if (!hash.equals(settlingHash)) { // still being written, perhaps: look again next time
            settlingHash = hash;
            return new ReloadResult(false, lastAccepted, current.version(), lastProblems);
        }
        settlingHash = null;
        lastSeenHash = hash;
        try {
            if (bytes == null) {
                throw new PolicyFileException(file.toString(), List.of("the file is missing or unreadable; version "
                        + current.version() + " stays in force until it is back"));
            }
            PolicyBook loaded = PolicyBook.load(bytes, file.toString());
            current = loaded;
            loadedAt = clock.instant();
            return remember(new ReloadResult(true, true, loaded.version(), List.of()));
        } catch (PolicyFileException e) {
            return remember(new ReloadResult(true, false, current.version(), e.problems()));
        }
    }

    private ReloadResult remember(ReloadResult result) {
        lastAccepted = result.accepted();
        lastProblems = result.problems();
        return result;
    }

    private static Path fileOf(String location) {
        return location.startsWith("file:/") ? Path.of(URI.create(location)) : Path.of(location.substring(5));
    }

    /**
     * What a reload did.
     *
     * @param changed  whether the file differed from what was last seen
     * @param accepted whether the file's content is in force (false: it was refused, or is missing)
     * @param version  the version in force after the reload
     * @param problems why the file was refused; empty when accepted
     */
    public record ReloadResult(boolean changed, boolean accepted, String version, List<String> problems) {

        public ReloadResult {
            problems = List.copyOf(problems);
        }
    }
}
