package dev.kortana.processors.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The last signed head this instance committed, kept outside the database in {@code <data-dir>/audit/anchor}. The
 * chain and its signed head show any edit, reordering or deletion of rows inside the log, but not a log emptied
 * together with its head, or truncated with the head rolled back to an older signed one: the anchor remembers how far
 * the log reached, so the writer refuses to start a new chain over it and {@code audit verify} names the lost row.
 */
public final class AuditAnchor {

    /** A head: the seq of the last row and its hash. */
    public record Mark(long seq, String hash) {}

    /** No anchor: nothing is remembered outside the database (tests of the log alone). */
    public static final AuditAnchor NONE = new AuditAnchor(null);

    static final String FILE = "anchor";

    private final Path file;

    private AuditAnchor(Path file) {
        this.file = file;
    }

    /** The anchor of the instance whose data folder is {@code dataDir}. */
    public static AuditAnchor in(Path dataDir) {
        return new AuditAnchor(dataDir.resolve("audit").resolve(FILE));
    }

    /** Where the anchor is kept; null for {@link #NONE}. */
    public Path file() {
        return file;
    }

    /** The head written last by this instance; empty before its first write. */
    public Optional<Mark> read() {
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
            if (parts.length != 2) {
                throw new IllegalStateException(file + " is not an audit anchor (\"<seq> <hash>\"); restore it, or move it"
                        + " away if this data folder's audit log was replaced on purpose");
            }
            return Optional.of(new Mark(Long.parseLong(parts[0]), parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " is not an audit anchor (\"<seq> <hash>\"): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit anchor " + file + ": " + e.getMessage(), e);
        }
    }

    /** Remembers {@code mark}; replaces the file in one move, so a crash leaves the old or the new anchor. */
    void write(Mark mark) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(FILE + ".next");
            Files.writeString(next, mark.seq() + " " + mark.hash() + "\n", StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit anchor " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What is wrong when the log's head is at {@code headSeq} and its row {@code mark.seq()} has {@code rowHash} (null
     * when there is no such row); empty when the log still holds what this instance wrote.
     */
    Optional<String> problem(Mark mark, long headSeq, String rowHash) {
        String fix = file == null ? "; restore the log from a backup"
                : "; restore the log from a backup (or, if this database was replaced on purpose, move " + file + " away)";
        String remembered = file == null ? "as this instance remembers it" : "its anchor " + file;
        if (headSeq < mark.seq() || rowHash == null) {
            return Optional.of("this instance wrote the audit log up to row " + mark.seq() + " (" + remembered
                    + "), but the log " + (headSeq == 0 ? "is empty" : "ends at row " + headSeq)
                    + ": rows were deleted together with the signed head" + fix);
        }
        if (!rowHash.equals(mark.hash())) {
            return Optional.of("row " + mark.seq() + " has another hash than this instance wrote (" + remembered
                    + "): the log was rewritten from that row or before" + fix);
        }
        return Optional.empty();
    }
}
