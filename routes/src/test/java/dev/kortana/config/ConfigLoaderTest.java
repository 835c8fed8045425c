package dev.kortana.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();
    private final Properties system = new Properties();

    private KortanaConfig load(String env, Path userFile, List<ConfigLayer> flags) {
        return new ConfigLoader(environment, system, dir).load(env, userFile, flags);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theDefaultsAloneAreValidAndEveryKortanaKeyIsTyped() {
        KortanaConfig config = load(null, null, List.of());

        assertThat(config.problems()).isEmpty();
        assertThat(config.environment()).isEqualTo("local");
        TreeSet<String> kortanaDefaults = config.values().keySet().stream().filter(k -> k.startsWith("kortana."))
                .collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> kortanaTyped = ConfigSchema.load().keys().stream().filter(k -> k.startsWith("kortana."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(kortanaTyped).isEqualTo(kortanaDefaults);
    }

    @Test
    void eachLayerWinsOverTheOneBeforeAndNamesItself() throws IOException {
        environment.put("KORTANA_ENV_DIR", dir.toString());
        file("staging.yaml", "kortana:\n  environment: staging\n  pipeline:\n    workers: 5\n  db:\n    pool-size: 6\n"
                + "  lease:\n    duration-ms: 20000\n  intake:\n    max-depth: 30\n  inbox:\n    poll-ms: 700\n");
        Path user = file("mine.yaml", "kortana:\n  db:\n    pool-size: 7\n  lease:\n    duration-ms: 21000\n"
                + "  intake:\n    max-depth: 31\n  inbox:\n    poll-ms: 701\n");
        environment.put("KORTANA_LEASE_DURATION_MS", "22000");
        environment.put("KORTANA_INTAKE_MAX_DEPTH", "32");
        system.setProperty("kortana.intake.max-depth", "33");
        system.setProperty("kortana.inbox.poll-ms", "702");

        KortanaConfig config = load("staging", user, List.of(ConfigLayer.of("flag --test", Map.of("kortana.inbox.poll-ms", "703"))));

        assertThat(config.problems()).isEmpty();
        assertThat(config.values().get("kortana.pipeline.workers")).isEqualTo(new ConfigValue("kortana.pipeline.workers", "5",
                dir.resolve("staging.yaml").toString(), null));
        assertThat(config.values().get("kortana.db.pool-size").source()).isEqualTo(user.toString());
        assertThat(config.values().get("kortana.lease.duration-ms").source()).isEqualTo("env KORTANA_LEASE_DURATION_MS");
        assertThat(config.values().get("kortana.intake.max-depth").source()).isEqualTo("-Dkortana.intake.max-depth");
        assertThat(config.values().get("kortana.inbox.poll-ms")).extracting(ConfigValue::value, ConfigValue::source)
                .containsExactly("703", "flag --test");
        assertThat(config.values().get("kortana.retry.max-redeliveries").source()).isEqualTo(ConfigLoader.DEFAULTS);
    }

    @Test
    void aStagingManifestWithAWrongTypeAnUnknownKeyAndAMissingSecretNamesAllThree() throws IOException {
        environment.put("KORTANA_ENV_DIR", dir.toString());
        file("staging.yaml", "kortana:\n  environment: staging\n  db:\n    pool-size: ten\n"
                + "    password: ${env:KORTANA_DB_PASSWORD}\n  pipline:\n    workers: 4\n");

        KortanaConfig config = load("staging", null, List.of());

        assertThat(config.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "kortana.db.pool-size", "kortana.pipline.workers", "kortana.db.password");
        assertThat(config.refusal()).contains(
                "kortana.db.pool-size (" + dir.resolve("staging.yaml") + "): 'ten' is not a whole number",
                "kortana.pipline.workers", "did you mean kortana.pipeline.workers?",
                "kortana.db.password", "environment variable KORTANA_DB_PASSWORD is not set");
    }

    @Test
    void aSecretIsReadFromTheEnvironmentOrAMountedFileAndNeverShown() throws IOException {
        Path secret = file("db-password", "hunter2\n");
        environment.put("ADMIN", "kt_0123456789abcdef");
        Path user = file("mine.yaml", "kortana:\n  db:\n    password: ${file:" + secret + "}\n"
                + "  admin:\n    api-key: ${env:ADMIN}\n");

        KortanaConfig config = load(null, user, List.of());

        assertThat(config.problems()).isEmpty();
        assertThat(config.value("kortana.db.password")).isEqualTo("hunter2");
        assertThat(config.value("kortana.admin.api-key")).isEqualTo("kt_0123456789abcdef");
        assertThat(String.join("\n", config.describe())).doesNotContain("hunter2", "kt_0123456789abcdef")
                .contains("kortana.db.password = xxxxxx  # " + user + ", ${file:" + secret + "}",
                        "kortana.admin.api-key = xxxxxx  # " + user + ", ${env:ADMIN}");
    }

    @Test
    void aSecretWrittenAsAValueInAFileIsRefusedButMayComeFromTheEnvironment() throws IOException {
        Path user = file("mine.properties", "kortana.db.password = hunter2\n");
        environment.put("KORTANA_ADMIN_KEY", "kt_0123456789abcdef");

        KortanaConfig config = load(null, user, List.of());

        assertThat(config.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kortana.db.password");
            assertThat(p.problem()).isEqualTo("is a secret written as a value in a file");
            assertThat(p.fix()).contains("${env:NAME}");
        });
        assertThat(config.values().get("kortana.admin.api-key").source()).isEqualTo("env KORTANA_ADMIN_KEY");
    }

    @Test
    void camelsEnvFormInAnEarlierFileStillReadsTheEnvironment() throws IOException {
        environment.put("KORTANA_DB_PASSWORD", "hunter2");
        environment.put("DB_HOST", "db.internal");
        Path user = file("old.properties", "kortana.db.password = {{env:KORTANA_DB_PASSWORD}}\n"
                + "kortana.db.url = jdbc:postgresql://{{env:DB_HOST}}:5432/k\nkortana.kafka.brokers = {{env:NO_KAFKA:}}\n");

        KortanaConfig config = load(null, user, List.of());

        assertThat(config.problems()).isEmpty();
        assertThat(config.value("kortana.db.password")).isEqualTo("hunter2");
        assertThat(config.value("kortana.db.url")).isEqualTo("jdbc:postgresql://db.internal:5432/k");
        assertThat(config.value("kortana.kafka.brokers")).isEmpty();
    }

    @Test
    void aSecretsReferenceMayNotCarryADefaultAndADefaultIsNeverShown() throws IOException {
        Path user = file("mine.yaml", "kortana:\n  db:\n    password: ${env:UNSET:hunter2}\n");

        KortanaConfig config = load(null, user, List.of());

        assertThat(config.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kortana.db.password");
            assertThat(p.problem()).isEqualTo("is a secret: its value must be one reference, with no default");
        });
        assertThat(String.join("\n", config.describe())).doesNotContain("hunter2")
                .contains("kortana.db.password = xxxxxx  # " + user + ", ${env:UNSET:xxxxxx}");
    }

    @Test
    void environmentVariablesFollowTheKeyAndTheOldNamesStillWork() {
        environment.put("KORTANA_DB_POOL_SIZE", "12");
        environment.put("KORTANA_KEYS_FILE", "file:/etc/kortana/keys.yaml");
        environment.put("CAMEL_SERVER_PORT", "18080");

        KortanaConfig config = load(null, null, List.of());

        assertThat(config.value("kortana.db.pool-size")).isEqualTo("12");
        assertThat(config.value("kortana.auth.keys-file")).isEqualTo("file:/etc/kortana/keys.yaml");
        assertThat(config.values().get("camel.server.port").source()).isEqualTo("env CAMEL_SERVER_PORT");
    }

    @Test
    void anOperatorsOwnKeysPassButAMisspeltNamespaceIsCaught() {
        KortanaConfig config = load(null, null, List.of(ConfigLayer.of("flag --test", Map.of(
                "acme.routes.partner-url", "https://partner.example", "kortna.db.url", "jdbc:postgresql://db/k"))));

        assertThat(config.problems()).extracting(ConfigProblem::toString).containsExactly(
                "kortna.db.url (flag --test): is not a setting Kor'tana knows; did you mean kortana.db.url?");
        assertThat(config.value("acme.routes.partner-url")).isEqualTo("https://partner.example");
    }

    @Test
    void aManifestFolderWithoutTheEnvironmentsFileIsAProblemNotAFallback() {
        environment.put("KORTANA_ENV_DIR", dir.toString());

        KortanaConfig config = load("production", null, List.of());

        assertThat(config.problems()).singleElement().asString()
                .contains("KORTANA_ENV_DIR", "has no manifest production.yaml");
    }

    @Test
    void anUnknownEnvironmentIsNamedWithTheOneMeant() {
        KortanaConfig config = load("stagign", null, List.of());

        assertThat(config.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kortana.environment");
            assertThat(p.fix()).isEqualTo("did you mean staging?");
        });
    }

    @Test
    void aFileThatContradictsTheChosenEnvironmentIsRefused() throws IOException {
        Path user = file("mine.yaml", "kortana:\n  environment: production\n");

        KortanaConfig config = load("local", user, List.of());

        assertThat(config.problems()).extracting(ConfigProblem::toString).singleElement().asString()
                .contains("says production but the local manifest was applied");
    }

    @Test
    void limitsEnumsAndDurationsAreChecked() {
        KortanaConfig config = load(null, null, List.of(ConfigLayer.of("flag --test", Map.of(
                "kortana.db.pool-size", "1",
                "kortana.memory.embedder", "all-minilm-l6-v2",
                "kortana.tools.patience", "30 minutes",
                "kortana.tracing.enabled", "yes",
                "kortana.lease.duration-ms", "15s"))));

        assertThat(config.problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "kortana.db.pool-size (flag --test): '1' is out of range; use a value of at least 2",
                "kortana.memory.embedder (flag --test): 'all-minilm-l6-v2' is not one of all-minilm-l6-v2-q, hashed-words-v1;"
                        + " did you mean all-minilm-l6-v2-q?",
                "kortana.tools.patience (flag --test): '30 minutes' is not in the expected form; write a duration such as 90s,"
                        + " 30m, 2h or PT30M",
                "kortana.tracing.enabled (flag --test): 'yes' is not true or false; write true or false",
                "kortana.lease.duration-ms (flag --test): '15s' is not a whole number; write a whole number of milliseconds"
                        + " (15000, not 15s)");
    }

    @Test
    void aBrokenYamlFileNamesTheLine() throws IOException {
        Path user = file("mine.yaml", "kortana:\n  db:\n    url: a\n    url: b\n");

        KortanaConfig config = load(null, user, List.of());

        assertThat(config.problems()).singleElement().asString().contains("--config", "Duplicate field 'url'", "line 4");
    }

    @Test
    void thePackagedManifestsAreValidWhenTheirVariablesAreSet() {
        environment.putAll(Map.of("KORTANA_DB_URL", "jdbc:postgresql://db:5432/kortana", "KORTANA_DB_PASSWORD", "pw",
                "KORTANA_KAFKA_BROKERS", "kafka:9092", "KORTANA_OTLP_ENDPOINT", "http://collector:4318/v1/traces"));
        for (String env : ConfigLoader.ENVIRONMENTS) {
            KortanaConfig config = load(env, null, List.of());
            assertThat(config.problems()).as(env).isEmpty();
            assertThat(config.value("kortana.environment")).isEqualTo(env);
        }
    }
}
