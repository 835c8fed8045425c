package dev.kortana.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void listsWhatWasGivenSortedWithSecretsMasked() {
        String line = Masking.describe(Map.of(
                "kortana.data-dir", "/tmp/k1",
                "kortana.admin.api-key", "kt_s3cret",
                "kortana.db.password", "hunter2",
                "kortana.db.url", "jdbc:postgresql://db:5432/k?user=k&password=hunter2&ssl=true"));

        assertThat(line).isEqualTo("kortana.admin.api-key=xxxxxx, kortana.data-dir=/tmp/k1, kortana.db.password=xxxxxx,"
                + " kortana.db.url=jdbc:postgresql://db:5432/k?user=k&password=xxxxxx&ssl=true");
        assertThat(line).doesNotContain("kt_s3cret", "hunter2");
    }

    @Test
    void masksSecretsWhateverCamelCallsTheKeyAndWhereverTheValueHidesThem() {
        String line = Masking.describe(Map.of(
                "camel.component.kafka.additional-properties[ssl.truststore.password]", "tr0ust",
                "camel.component.kafka.additional-properties[basic.auth.user.info]", "user:s3cret",
                "kortana.webhook", "https://hooks.example/x?token=t0ken&channel=ops",
                "kortana.mirror", "https://bob:hunter2@mirror.example/repo",
                "camel.component.kafka.sasl-jaas-config", "PlainLoginModule required username=\"u\" password=\"pw0\";",
                "kortana.notes", "PlainLoginModule required username=\"u\" password=\"pw1\";"));

        assertThat(line).doesNotContain("tr0ust", "s3cret", "t0ken", "hunter2", "pw0", "pw1")
                .contains("channel=ops", "mirror.example/repo", "username=\"u\"");
    }

    @Test
    void saysNoneWhenNothingWasGiven() {
        assertThat(Masking.describe(Map.of())).isEqualTo("none");
    }
}
