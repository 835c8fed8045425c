package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code kortana} as an operator runs it: a start refused for its configuration, print and check. */
class ConfigurationIT {

    @TempDir
    Path dir;

    private record Ran(int exit, String out, String err) {}

    private Ran kortana(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("kortana.jar", "target/kortana.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KORTANA_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kortana " + String.join(" ", args) + " ended").isTrue();
        return new Ran(process.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void aStagingManifestWithAWrongTypeAnUnknownKeyAndAMissingSecretRefusesTheStartNamingAllThree() throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("cloud"));
        Path staging = Files.writeString(manifests.resolve("staging.yaml"), """
                kortana:
                  environment: staging
                  db:
                    url: %s
                    password: ${env:KORTANA_DB_PASSWORD}
                    pool-size: ten
                  pipline:
                    workers: 4
                """.formatted(TestDatabase.url()));

        Ran run = kortana(Map.of("KORTANA_ENV_DIR", manifests.toString()), "run", "--env", "staging",
                "--data-dir", dir.resolve("data").toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("Kor'tana will not start. The configuration (environment staging) has 3 problems",
                "kortana.db.pool-size (" + staging + "): 'ten' is not a whole number",
                "kortana.pipline.workers (" + staging + "): is not a setting Kor'tana knows; did you mean kortana.pipeline.workers?",
                "kortana.db.password (" + staging + "): the secret it refers to is missing: environment variable"
                        + " KORTANA_DB_PASSWORD is not set");
        assertThat(run.out()).doesNotContain("Apache Camel");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void printShowsEverySettingWithItsSourceAndMasksSecrets() throws Exception {
        Map<String, String> environment = Map.of("KORTANA_DB_URL", "jdbc:postgresql://db.internal:5432/kortana",
                "KORTANA_DB_PASSWORD", "hunter2-db", "KORTANA_ADMIN_KEY", "kt_admin_0123456789abcdef",
                "KORTANA_KAFKA_BROKERS", "kafka:9092", "KORTANA_OTLP_ENDPOINT", "http://collector:4318/v1/traces",
                "KORTANA_PIPELINE_WORKERS", "6");

        Ran print = kortana(environment, "config", "print", "--env", "staging", "--port", "18080");

        assertThat(print.exit()).as(print.err()).isZero();
        assertThat(print.err()).isEmpty();
        assertThat(print.out()).doesNotContain("hunter2-db", "kt_admin_0123456789abcdef").contains(
                "# environment: staging",
                "kortana.db.password = xxxxxx  # env KORTANA_DB_PASSWORD",
                "kortana.admin.api-key = xxxxxx  # env KORTANA_ADMIN_KEY",
                "kortana.db.url = jdbc:postgresql://db.internal:5432/kortana  # env KORTANA_DB_URL",
                "kortana.tracing.sampling-ratio = 1.0  # classpath:cloud/staging.yaml",
                "kortana.pipeline.workers = 6  # env KORTANA_PIPELINE_WORKERS",
                "camel.server.port = 18080  # flag --port",
                "camel.server.host = 0.0.0.0  # classpath:cloud/staging.yaml",
                "kortana.retry.max-redeliveries = 3  # defaults (application.properties)");

        Ran offline = kortana(environment, "config", "check", "--env", "staging", "--offline");
        assertThat(offline.exit()).as(offline.err()).isZero();
        assertThat(offline.out()).contains("Configuration staging: fine (", "PostgreSQL and Kafka not asked");
    }

    @Test
    void theKubernetesAndComposeFilesGiveAConfigurationThatPassesTheCheck() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

        // Kubernetes: the ConfigMap's user file, the Deployment's environment, each secret reference given a value.
        Path userFile = Files.writeString(dir.resolve("kortana.yaml"),
                yaml.readTree(repo.resolve("docker/k8s/configmap.yaml").toFile()).path("data").path("kortana.yaml").asText());
        Map<String, String> pod = new HashMap<>();
        for (JsonNode env : yaml.readTree(repo.resolve("docker/k8s/deployment.yaml").toFile())
                .at("/spec/template/spec/containers/0/env")) {
            pod.put(env.path("name").asText(), env.has("value") ? env.path("value").asText()
                    : "from-secret-" + env.at("/valueFrom/secretKeyRef/key").asText() + "-0123456789");
        }
        assertThat(pod).containsKeys("KORTANA_ENV", "KORTANA_CONFIG", "KORTANA_DB_PASSWORD", "KORTANA_ADMIN_KEY");
        pod.put("KORTANA_CONFIG", userFile.toString()); // mounted at /config/kortana.yaml in the pod

        Ran k8s = kortana(pod, "config", "check", "--offline");
        assertThat(k8s.exit()).as(k8s.err()).isZero();
        assertThat(k8s.out()).contains("Configuration production: fine");

        // Compose: the instances' shared environment, its ${VAR:?…} secrets given values.
        Map<String, String> container = new HashMap<>();
        yaml.readTree(repo.resolve("docker/compose.yaml").toFile()).path("x-kortana").path("environment").fields()
                .forEachRemaining(e -> container.put(e.getKey(), e.getValue().asText().startsWith("${")
                        ? "from-env-0123456789abcdef" : e.getValue().asText()));
        assertThat(container).containsEntry("KORTANA_ENV", "staging");

        Ran compose = kortana(container, "config", "check", "--offline");
        assertThat(compose.exit()).as(compose.err()).isZero();
        assertThat(compose.out()).contains("Configuration staging: fine");
    }

    @Test
    void checkAsksTheDatabaseAndKafkaAndNamesWhatDoesNotAnswer() throws Exception {
        Path mine = Files.writeString(dir.resolve("kortana.yaml"), """
                kortana:
                  db:
                    url: %s
                  kafka:
                    brokers: 127.0.0.1:%d
                  startup:
                    dependency-wait-ms: 0
                """.formatted(TestDatabase.url(), Ports.free()));

        Ran check = kortana(Map.of("KORTANA_CONFIG", mine.toString()), "config", "check");

        assertThat(check.exit()).as(check.out()).isEqualTo(2);
        assertThat(check.err()).contains("has 1 problem:", "kortana.kafka.brokers (" + mine + "): no Kafka broker of 127.0.0.1:")
                .doesNotContain("kortana.db.url");
    }
}
