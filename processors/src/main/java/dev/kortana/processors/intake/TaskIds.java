package dev.kortana.processors.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Task ids for tasks that arrive without one. File and Kafka ids are derived from the delivery itself, so a
 * redelivered file or record (after a crash, before it was acknowledged) maps to the same task instead of a duplicate.
 */
public final class TaskIds {

    /** The id pattern of agent-task.schema.json. */
    private static final java.util.regex.Pattern VALID = java.util.regex.Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

    private TaskIds() {}

    /** Whether a caller-chosen id (e.g. an HTTP Idempotency-Key) is a valid task id. */
    public static boolean isValid(String id) {
        return VALID.matcher(id).matches();
    }

    /**
     * A file: its name (readable in outbox/) plus a hash of name and content. Dropping the same file twice is one
     * task; a new content under the same name is a new task.
     */
    public static String forFile(String fileName, byte[] content) {
        String base = fileName.replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (base.length() > 100) {
            base = base.substring(0, 100);
        }
        String hash = sha256((fileName + "\n" + sha256(content)).getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        return (base.isEmpty() ? "file" : base) + "-" + hash;
    }

    /**
     * A Kafka record: its coordinates, timestamp and content, which a redelivery repeats. The timestamp and content
     * keep a recreated topic (offsets starting again at 0) from mapping new records to old tasks.
     */
    public static String forRecord(String topic, int partition, long offset, long timestamp, byte[] content) {
        return "kafka-" + nameBased("kafka:" + topic + ":" + partition + ":" + offset + ":" + timestamp + ":" + sha256(content));
    }

    /** An HTTP request without id: a fresh id each time (send an id to make retries idempotent). */
    public static String random() {
        return UUID.randomUUID().toString();
    }

    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private static String nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
