package dev.kortana.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.routes.access.ApiKeyFile;
import dev.kortana.routes.access.IssuedKey;
import dev.kortana.routes.access.Principal;
import dev.kortana.routes.access.Role;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NewKeyCommandTest {

    @Test
    void printsAFreshKeyOnceAndAnEntryThatHoldsOnlyItsHash() {
        StringWriter out = new StringWriter();

        int code = Kortana.commandLine().setOut(new PrintWriter(out))
                .execute("keys", "new", "--id", "acme-ci", "--tenant", "acme", "--role", "submitter,approver");

        assertThat(code).isZero();
        List<String> lines = out.toString().lines().filter(l -> !l.startsWith("#")).toList();
        String key = lines.get(0);
        String entry = lines.get(1);
        assertThat(key).matches("kt_[A-Za-z0-9_-]{43}");
        assertThat(entry).doesNotContain(key.substring(3));
        List<IssuedKey> parsed = ApiKeyFile.load(new ByteArrayInputStream(("keys:\n" + entry).getBytes(StandardCharsets.UTF_8)), "printed");
        assertThat(parsed).singleElement().satisfies(issued -> {
            assertThat(issued.principal()).isEqualTo(new Principal("acme-ci", "acme", Set.of(Role.SUBMITTER, Role.APPROVER)));
            assertThat(issued.hex()).isEqualTo(java.util.HexFormat.of().formatHex(IssuedKey.sha256(key)));
        });
    }

    @Test
    void everyKeyIsNew() {
        StringWriter out = new StringWriter();
        for (int i = 0; i < 2; i++) {
            Kortana.commandLine().setOut(new PrintWriter(out)).execute("keys", "new", "--id", "ops", "--tenant", "*", "--role", "admin");
        }

        assertThat(out.toString().lines().filter(l -> l.startsWith("kt_")).distinct()).hasSize(2);
    }

    @Test
    void refusesWhatTheKeyFileWouldRefuseNamingTheOption() {
        StringWriter err = new StringWriter();

        int code = Kortana.commandLine().setErr(new PrintWriter(err))
                .execute("keys", "new", "--id", "x", "--tenant", "*", "--role", "submitter,reader");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--role: 'reader' is not a role")
                .contains("--tenant: \"*\" (every tenant) is only allowed with role admin");
    }
}
