package dev.kortana.processors.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

    private static final Instant AT = Instant.parse("2026-11-25T06:46:20.100Z");

    @Test
    void theBodyIsCompactJsonWithSortedKeysAndTimeToTheMillisecond() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("tool", "http.request");
        detail.put("step", 2);
        detail.put("args", Map.of("url", "https://example.org", "method", "GET"));

        AuditEntry entry = new AuditEntry(17, AT.plusNanos(987_654), "approval", "task-1", "alice", AuditEntry.detailTree(detail));

        assertThat(entry.body()).isEqualTo("{\"actor\":\"alice\",\"at\":\"2026-11-25T06:46:20.100Z\","
                + "\"detail\":{\"args\":{\"method\":\"GET\",\"url\":\"https://example.org\"},\"step\":2,\"tool\":\"http.request\"},"
                + "\"kind\":\"approval\",\"seq\":17,\"taskId\":\"task-1\"}");
    }

    @Test
    void theSameContentInAnotherMapOrderGivesTheSameBody() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("b", List.of(Map.of("y", 1, "x", 2), "z"));
        one.put("a", Map.of("d", true, "c", "ü €"));
        Map<String, Object> other = new TreeMap<>(one);

        assertThat(entry(one).body()).isEqualTo(entry(other).body())
                .contains("\"a\":{\"c\":\"ü €\",\"d\":true},\"b\":[{\"x\":2,\"y\":1},\"z\"]");
    }

    @Test
    void aTaskFreeEntryWithoutDetailHasNullTaskAndEmptyDetail() {
        AuditEntry entry = new AuditEntry(1, Instant.parse("2026-01-01T00:00:00Z"), "key-rotated", null, "admin", null);

        assertThat(entry.body()).isEqualTo("{\"actor\":\"admin\",\"at\":\"2026-01-01T00:00:00.000Z\",\"detail\":{},"
                + "\"kind\":\"key-rotated\",\"seq\":1,\"taskId\":null}");
        assertThat(AuditEntry.fromBody(entry.body())).isEqualTo(entry);
    }

    @Test
    void aBodyReadBackIsTheEntryThatWroteIt() {
        AuditEntry entry = entry(Map.of("step", 3));

        assertThat(AuditEntry.fromBody(entry.body())).isEqualTo(entry);
        assertThatThrownBy(() -> AuditEntry.fromBody("{\"seq\":\"x\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEntry.fromBody("not json")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHashIsSha256OfThePreviousHashANewlineAndTheBody() throws Exception {
        String body = entry(Map.of()).body();
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("0".repeat(64) + "\n" + body).getBytes(StandardCharsets.UTF_8)));

        assertThat(AuditEntry.hash(AuditEntry.GENESIS_HASH, body)).isEqualTo(expected).hasSize(64);
        assertThat(AuditEntry.headText(42, expected)).isEqualTo("head:42:" + expected);
    }

    private static AuditEntry entry(Map<String, ?> detail) {
        return new AuditEntry(5, AT, "cancel", "task-9", "bob", AuditEntry.detailTree(detail));
    }
}
