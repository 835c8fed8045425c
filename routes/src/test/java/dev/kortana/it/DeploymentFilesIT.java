package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kortana.contracts.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/ checked as far as a machine without a Docker engine or a Kubernetes cluster can: Debian's docker-compose 1.29
 * renders compose.yaml, promtool accepts prometheus.yml, every Kubernetes manifest reads strictly into the Kubernetes
 * API model and the objects fit together, a Dockerfile linter (dockerfile-utils, from npm) finds nothing, and Kor'tana
 * runs on the Java runtime docker/jre.sh cuts, with the Dockerfile's JVM options, answering the probes the files name.
 * {@code .ci/run} installs the tools; outside CI a check whose tool is missing is skipped, under {@code CI=true} it fails.
 */
class DeploymentFilesIT {

    private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    private static final Path K8S = DOCKER.resolve("k8s");
    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final String READY = "/observe/health/ready";
    private static final String LIVE = "/observe/health/live";
    private static final String UID = "10001";
    private static final Map<String, String> SECRETS = Map.of(
            "KORTANA_DB_PASSWORD", "db-password-for-the-check", "KORTANA_ADMIN_KEY", "admin-key-for-the-check-0123");
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path dir;

    Process kortana;
    String schema;

    @AfterEach
    void stop() throws Exception {
        if (kortana != null && kortana.isAlive()) {
            kortana.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (schema != null) {
            TestDatabase.dropSchema(schema);
        }
    }

    @Test
    void composeRunsTwoStagingInstancesOnOneInboxWithEveryPortOnLoopback() throws Exception {
        assumeInstalled(DOCKER_COMPOSE, "docker-compose (apt-get install docker-compose)");
        Ran quiet = compose(SECRETS, "config", "-q");
        assertThat(quiet.exit()).as("docker-compose config -q: %s", quiet.stderr()).isZero();
        JsonNode services = YAML.readTree(compose(SECRETS, "config").stdout()).path("services");
        assertThat(names(services)).containsExactlyInAnyOrder("kortana-1", "kortana-2", "postgres", "kafka", "prometheus", "otel-collector");

        Map<String, String> staging = Map.of("KORTANA_ENV", "staging", "KORTANA_DB_URL", "jdbc:postgresql://postgres:5432/kortana",
                "KORTANA_DB_USER", "kortana", "KORTANA_KAFKA_BROKERS", "kafka:9092", "KORTANA_INBOX_DIR", "/inbox",
                "KORTANA_OTLP_ENDPOINT", "http://otel-collector:4318/v1/traces");
        Set<String> dataVolumes = new TreeSet<>();
        for (String name : List.of("kortana-1", "kortana-2")) {
            JsonNode instance = services.path(name);
            Map<String, String> env = Json.MAPPER.convertValue(instance.path("environment"), Json.MAPPER.getTypeFactory()
                    .constructMapType(Map.class, String.class, String.class));
            assertThat(env).as(name).containsAllEntriesOf(staging).containsAllEntriesOf(SECRETS);
            assertThat(instance.path("image").asText()).isEqualTo(services.path("kortana-1").path("image").asText());
            assertThat(instance.path("read_only").asBoolean()).as(name + " read_only").isTrue();
            assertThat(texts(instance.path("tmpfs"))).as(name + ": /tmp a tmpfs that allows exec (the ONNX runtime's library)")
                    .anySatisfy(t -> assertThat(List.of(t.split("[:,]"))).startsWith("/tmp").contains("exec"));
            Map<String, String> volumes = texts(instance.path("volumes")).stream().map(v -> v.split(":"))
                    .collect(Collectors.toMap(v -> v[1], v -> v[0]));
            assertThat(volumes).containsEntry("/inbox", "inbox").containsKey("/data");
            dataVolumes.add(volumes.get("/data"));
            assertThat(String.join(" ", texts(instance.path("healthcheck").path("test")))).contains("http://127.0.0.1:8080" + READY);
            assertThat(instance.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
            assertThat(instance.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
            assertThat(seconds(instance.path("stop_grace_period").asText())).as("stop_grace_period beyond the shutdown timeout")
                    .isGreaterThan(shutdownTimeoutSeconds());
        }
        assertThat(dataVolumes).as("a /data volume each").hasSize(2);
        assertThat(texts(services.path("kortana-1").path("ports"))).containsExactly("127.0.0.1:8081:8080/tcp");
        assertThat(texts(services.path("kortana-2").path("ports"))).containsExactly("127.0.0.1:8082:8080/tcp");
        assertThat(texts(services.path("prometheus").path("ports"))).containsExactly("127.0.0.1:9090:9090/tcp");
        for (String name : names(services)) {
            assertThat(texts(services.path(name).path("ports"))).as(name + " publishes on loopback only")
                    .allMatch(p -> p.startsWith("127.0.0.1:"));
            assertThat(services.path(name).path("image").asText()).as(name + " names a pinned image").matches(".+:[^/:]+")
                    .doesNotEndWith(":latest");
        }

        JsonNode prometheus = YAML.readTree(DOCKER.resolve("prometheus.yml").toFile()).path("scrape_configs").path(0);
        assertThat(prometheus.path("metrics_path").asText()).isEqualTo("/observe/metrics");
        assertThat(texts(prometheus.path("static_configs").path(0).path("targets")))
                .containsExactlyInAnyOrder("kortana-1:8080", "kortana-2:8080");
        assertThat(texts(services.path("prometheus").path("volumes"))).anyMatch(v -> v.startsWith(DOCKER.resolve("prometheus.yml") + ":"));

        JsonNode collector = YAML.readTree(DOCKER.resolve("otel-collector.yaml").toFile());
        assertThat(collector.path("receivers").path("otlp").path("protocols").path("http").path("endpoint").asText())
                .endsWith(":" + URI.create(staging.get("KORTANA_OTLP_ENDPOINT")).getPort());
        JsonNode traces = collector.path("service").path("pipelines").path("traces");
        texts(traces.path("receivers")).forEach(r -> assertThat(collector.path("receivers").has(r)).as("receiver " + r).isTrue());
        texts(traces.path("exporters")).forEach(e -> assertThat(collector.path("exporters").has(e)).as("exporter " + e).isTrue());
        assertThat(texts(services.path("otel-collector").path("volumes")))
                .anyMatch(v -> v.startsWith(DOCKER.resolve("otel-collector.yaml") + ":"));
    }

    @Test
    void composeRefusesToStartWithoutEitherSecret() throws Exception {
        assumeInstalled(DOCKER_COMPOSE, "docker-compose (apt-get install docker-compose)");
        for (String missing : SECRETS.keySet()) {
            Map<String, String> env = new HashMap<>(SECRETS);
            env.remove(missing);
            Ran ran = compose(env, "config", "-q");
            assertThat(ran.exit()).as("without " + missing).isNotZero();
            assertThat(ran.stderr()).contains("set " + missing);
        }
    }

    @Test
    void promtoolAcceptsThePrometheusConfiguration() throws Exception {
        assumeInstalled(PROMTOOL, "Debian's prometheus (apt-get install prometheus)");
        Ran ran = run(Map.of(), PROMTOOL.toString(), "check", "config", DOCKER.resolve("prometheus.yml").toString());
        assertThat(ran.exit()).as(ran.stdout() + ran.stderr()).isZero();
    }

    @Test
    void everyKubernetesManifestReadsStrictlyIntoTheKubernetesApi() throws Exception {
        List<String> kinds = new ArrayList<>();
        for (Path file : manifests(K8S)) {
            KubernetesManifests.read(file).forEach(o -> kinds.add(o.getKind()));
        }
        assertThat(kinds).containsExactlyInAnyOrder("Namespace", "ConfigMap", "Secret", "Deployment", "Service",
                "PodDisruptionBudget", "HorizontalPodAutoscaler", "PersistentVolumeClaim", "Deployment");
        // The reading is strict: a misspelt field deep in the pod, an unknown one at the top, an old apiVersion.
        JsonNode deployment = KubernetesManifests.documents(K8S.resolve("deployment.yaml")).get(0);
        ObjectNode misspelt = deployment.deepCopy();
        ((ObjectNode) misspelt.at("/spec/template/spec/containers/0/securityContext")).put("readOnlyRootFileSystem", true);
        assertThatThrownBy(() -> KubernetesManifests.read(misspelt, "misspelt")).hasMessageContaining("readOnlyRootFileSystem");
        ObjectNode unknown = deployment.deepCopy();
        ((ObjectNode) unknown.path("spec")).put("replica", 2);
        assertThatThrownBy(() -> KubernetesManifests.read(unknown, "unknown")).hasMessageContaining("replica");
        ObjectNode old = ((ObjectNode) deployment.deepCopy()).put("apiVersion", "extensions/v1beta1");
        assertThatThrownBy(() -> KubernetesManifests.read(old, "old")).hasMessageContaining("apps/v1");
    }

    @Test
    void theKubernetesObjectsFitTogether() throws Exception {
        Deployment deployment = one(K8S.resolve("deployment.yaml"), Deployment.class);
        Service service = one(K8S.resolve("service.yaml"), Service.class);
        PodDisruptionBudget pdb = one(K8S.resolve("pdb.yaml"), PodDisruptionBudget.class);
        HorizontalPodAutoscaler hpa = one(K8S.resolve("hpa.yaml"), HorizontalPodAutoscaler.class);
        ConfigMap config = one(K8S.resolve("configmap.yaml"), ConfigMap.class);
        Secret secret = one(K8S.resolve("secret.example.yaml"), Secret.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(labels).as("the Deployment's own selector").containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(labels).as("the Service's selector").containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(labels).as("the PDB's selector").containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo(deployment.getApiVersion());
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getReplicas()).as("the HPA owns the count; apply must not reset it").isNull();
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));

        assertThat(pod.getContainers()).hasSize(1);
        Container container = pod.getContainers().get(0);
        int port = container.getPorts().get(0).getContainerPort();
        assertThat(port).isEqualTo(8080);
        assertThat(resolvePort(container, service.getSpec().getPorts().get(0).getTargetPort())).as("the Service's targetPort").isEqualTo(port);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        assertProbe(container, container.getStartupProbe(), READY, port);
        assertProbe(container, container.getReadinessProbe(), READY, port);
        assertProbe(container, container.getLivenessProbe(), LIVE, port);
        Probe startup = container.getStartupProbe();
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).as("seconds a start may take").isGreaterThanOrEqualTo(60);
        assertThat(pod.getTerminationGracePeriodSeconds()).as("grace beyond the preStop pause and the shutdown timeout")
                .isGreaterThan(shutdownTimeoutSeconds() + preStopSeconds(container));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/observe/metrics").containsEntry("prometheus.io/port", String.valueOf(port));
        assertThat(container.getImage()).matches(".+:[^/:]+").doesNotEndWith(":latest");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");

        Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("KORTANA_ENV").getValue()).isEqualTo("production");
        List<EnvVar> fromSecrets = container.getEnv().stream().filter(e -> e.getValueFrom() != null).toList();
        assertThat(fromSecrets).extracting(EnvVar::getName).contains("KORTANA_DB_PASSWORD", "KORTANA_ADMIN_KEY");
        Set<String> secretKeys = new TreeSet<>(secret.getStringData().keySet());
        for (EnvVar e : fromSecrets) {
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).as(e.getName()).isEqualTo(secret.getMetadata().getName());
            assertThat(secretKeys).as(e.getName() + "'s key in the example Secret").contains(e.getValueFrom().getSecretKeyRef().getKey());
        }

        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        Map<String, String> mounts = container.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
        assertThat(volumes.get(mounts.get("/tmp")).getEmptyDir()).as("/tmp an emptyDir").isNotNull();
        assertThat(volumes.get(mounts.get("/data")).getEmptyDir()).as("/data an emptyDir").isNotNull();
        Path configFile = Path.of(env.get("KORTANA_CONFIG").getValue());
        Volume configVolume = volumes.get(mounts.get(configFile.getParent().toString()));
        assertThat(configVolume.getConfigMap().getName()).isEqualTo(config.getMetadata().getName());
        String userFile = config.getData().get(configFile.getFileName().toString());
        assertThat(userFile).as("the ConfigMap holds " + configFile.getFileName()).isNotNull();
        JsonNode settings = YAML.readTree(userFile);
        assertThat(names(settings)).containsExactly("kortana");
        assertThat(userFile).as("no secret in the ConfigMap").doesNotContain("password", "api-key", "private-key");

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(UID));
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        SecurityContext own = container.getSecurityContext();
        assertThat(own.getRunAsNonRoot()).isTrue();
        assertThat(own.getRunAsUser()).isEqualTo(Long.parseLong(UID));
        assertThat(own.getReadOnlyRootFilesystem()).isTrue();
        assertThat(own.getAllowPrivilegeEscalation()).isFalse();
        assertThat(own.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(own.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(DockerfileFacts.read(DOCKER.resolve("Dockerfile")).user()).as("the image's USER is the uid the pod runs as")
                .isEqualTo(UID + ":" + UID);
    }

    @Test
    void kustomizationsListEveryManifestButTheExampleSecret() throws Exception {
        JsonNode base = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        assertThat(names(base)).containsExactlyInAnyOrder("apiVersion", "kind", "namespace", "resources");
        Set<String> files = manifests(K8S).stream().filter(f -> f.getParent().equals(K8S)).map(f -> f.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        files.remove("secret.example.yaml");
        assertThat(texts(base.path("resources"))).as("create your own secret").doesNotContain("secret.example.yaml")
                .containsExactlyInAnyOrderElementsOf(files);
        assertThat(base.path("namespace").asText())
                .isEqualTo(KubernetesManifests.read(K8S.resolve("namespace.yaml")).get(0).getMetadata().getName());

        Path overlay = K8S.resolve("shared-inbox");
        JsonNode shared = YAML.readTree(overlay.resolve("kustomization.yaml").toFile());
        assertThat(names(shared)).containsExactlyInAnyOrder("apiVersion", "kind", "namespace", "resources", "patches");
        assertThat(texts(shared.path("resources"))).contains("..").allMatch(r -> Files.exists(overlay.resolve(r)));
        assertThat(shared.path("namespace").asText()).isEqualTo(base.path("namespace").asText());
        Deployment patch = one(overlay.resolve(shared.path("patches").path(0).path("path").asText()), Deployment.class);
        assertThat(patch.getMetadata().getName()).isEqualTo(one(K8S.resolve("deployment.yaml"), Deployment.class).getMetadata().getName());
        PersistentVolumeClaim claim = one(overlay.resolve("inbox-claim.yaml"), PersistentVolumeClaim.class);
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        PodSpec pod = patch.getSpec().getTemplate().getSpec();
        Volume inbox = pod.getVolumes().get(0);
        assertThat(inbox.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim.getMetadata().getName());
        Container container = pod.getContainers().get(0);
        String mountPath = container.getVolumeMounts().stream().filter(m -> m.getName().equals(inbox.getName())).findFirst()
                .orElseThrow().getMountPath();
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("KORTANA_INBOX_DIR");
            assertThat(e.getValue()).isEqualTo(mountPath);
        });
    }

    @Test
    void dockerfileLintsCleanAndBuildsASmallNonRootImageWithAHealthCheck() throws Exception {
        Path linter = which("dockerfile-utils");
        assertThat(linter != null || !"true".equals(System.getenv("CI")))
                .as("CI=true and this test needs dockerfile-utils (npm install -g dockerfile-utils; .ci/run installs it)").isTrue();
        if (linter != null) {
            Ran lint = run(Map.of(), linter.toString(), "lint", DOCKER.resolve("Dockerfile").toString());
            assertThat(lint.exit()).as(lint.stdout() + lint.stderr()).isZero();
            assertThat(lint.stdout()).isEmpty();
        }
        DockerfileFacts dockerfile = DockerfileFacts.read(DOCKER.resolve("Dockerfile"));
        List<String> from = dockerfile.arguments("FROM");
        assertThat(from).as("build, jre and run stages").hasSize(3);
        Set<String> stages = new TreeSet<>();
        for (String f : from) {
            String image = f.split("\\s+")[0];
            assertThat(image).as("FROM " + f).matches(".+:[^/:]+").doesNotEndWith(":latest");
            if (f.contains(" AS ")) {
                stages.add(f.substring(f.indexOf(" AS ") + 4).trim());
            }
        }
        assertThat(from.get(from.size() - 1)).as("glibc (ONNX runtime, embedded PostgreSQL)").startsWith("debian:bookworm-slim");
        dockerfile.arguments("COPY").stream().filter(c -> c.startsWith("--from=")).forEach(c ->
                assertThat(stages).as(c).contains(c.substring("--from=".length(), c.indexOf(' '))));
        assertThat(Files.isRegularFile(Path.of("target", "kortana.jar")) && Files.isDirectory(Path.of("target", "lib")))
                .as("the jar and lib/ the Dockerfile copies from routes/target").isTrue();
        assertThat(dockerfile.user()).matches("[1-9][0-9]*(:[0-9]+)?");
        assertThat(dockerfile.arguments("HEALTHCHECK")).singleElement().asString().contains("http://127.0.0.1:8080" + READY);
        assertThat(dockerfile.arguments("ENTRYPOINT")).singleElement().asString().startsWith("[\"java\", \"-jar\"");
        assertThat(dockerfile.arguments("CMD").get(0)).contains("\"--host\", \"0.0.0.0\"", "\"--data-dir\", \"/data\"");
        assertThat(dockerfile.jvmOptions()).contains("-XX:+UseG1GC", "-Djava.io.tmpdir=/tmp")
                .anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage="));

        List<String> ignore = Files.readAllLines(DOCKER.resolve("Dockerfile.dockerignore"));
        assertThat(ignore).as("an allowlist").contains("*", "**/target", "**/.env", "!docker/jre.sh", "!config");
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(Path.of("..", "pom.xml")));
        while (module.find()) {
            assertThat(ignore).as("module " + module.group(1) + " reaches the build").contains("!" + module.group(1));
        }
    }

    @Test
    void kortanaRunsOnTheImagesJavaRuntimeAndAnswersTheProbes() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        boolean jlink = Files.isExecutable(jdk.resolve("bin").resolve("jlink"));
        assertThat(jlink || !"true".equals(System.getenv("CI"))).as("CI=true and this test needs a JDK with jlink").isTrue();
        Assumptions.assumeTrue(jlink, "needs a JDK with jlink and jdeps");
        Map<String, String> path = Map.of("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"));
        Path jre = dir.resolve("jre");
        Ran cut = run(path, "sh", DOCKER.resolve("jre.sh").toString(), Path.of("target").toAbsolutePath().toString(), jre.toString());
        assertThat(cut.exit()).as(cut.stdout() + cut.stderr()).isZero();
        assertThat(cut.stdout()).contains("jdk.crypto.ec", "jdk.zipfs", "java.sql", "java.naming", "jdk.management", "jdk.unsupported");

        schema = TestDatabase.newSchema();
        int port = Ports.free();
        Path config = Files.writeString(dir.resolve("kortana.properties"), "kortana.db.schema = " + schema + "\n");
        Files.createDirectories(dir.resolve("tmp"));
        ProcessBuilder start = new ProcessBuilder(jre.resolve("bin").resolve("java").toString(), "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                "-jar", Path.of("target", "kortana.jar").toAbsolutePath().toString(), "run", "--port", String.valueOf(port),
                "--data-dir", dir.resolve("data").toString(), "--db-url", TestDatabase.url(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("kortana.log").toFile());
        // The image's JVM options, as the image gives them (a flag this JVM does not know would stop it here).
        start.environment().put("JDK_JAVA_OPTIONS", String.join(" ", DockerfileFacts.read(DOCKER.resolve("Dockerfile")).jvmOptions()));
        kortana = start.start();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            assertThat(kortana.isAlive()).as(() -> "Kor'tana exited: " + read(dir.resolve("kortana.log"))).isTrue();
            return status(http, port, READY) == 200;
        });
        Deployment deployment = one(K8S.resolve("deployment.yaml"), Deployment.class);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(), container.getLivenessProbe())) {
            assertThat(status(http, port, probe.getHttpGet().getPath())).as(probe.getHttpGet().getPath()).isEqualTo(200);
        }
        assertThat(status(http, port, "/observe/metrics")).as("what Prometheus scrapes").isEqualTo(200);

        String task = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tasks"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"goal\":\"summarize what memory knows about kafka outages\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String id = Json.MAPPER.readTree(task).path("taskId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/tasks/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("status").asText().equals("COMPLETED"));

        kortana.destroy(); // SIGTERM, as docker stop and the kubelet send it
        assertThat(kortana.waitFor(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()
                - preStopSeconds(container), TimeUnit.SECONDS)).as("stopped within the pod's grace period").isTrue();
        assertThat(read(dir.resolve("kortana.log"))).doesNotContain("ClassNotFoundException", "NoClassDefFoundError",
                "Unrecognized VM option");
    }

    private static void assertProbe(Container container, Probe probe, String path, int port) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(resolvePort(container, probe.getHttpGet().getPort())).as(path + "'s port").isEqualTo(port);
    }

    /** A port by number, or by the name of one of the container's ports. */
    private static int resolvePort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal())).getContainerPort();
    }

    private static int preStopSeconds(Container container) {
        List<String> command = container.getLifecycle().getPreStop().getExec().getCommand();
        assertThat(command.get(0)).isEqualTo("sleep");
        return Integer.parseInt(command.get(1));
    }

    private static long shutdownTimeoutSeconds() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("..", "config", "application.properties"))) {
            properties.load(reader);
        }
        return Long.parseLong(properties.getProperty("camel.main.shutdownTimeout").trim());
    }

    private static long seconds(String composeDuration) {
        Matcher m = Pattern.compile("(?:(\\d+)m)?(?:(\\d+)s)?").matcher(composeDuration);
        assertThat(m.matches()).as("a duration: " + composeDuration).isTrue();
        return (m.group(1) == null ? 0 : 60L * Long.parseLong(m.group(1))) + (m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
    }

    private static <T extends HasMetadata> T one(Path file, Class<T> type) throws IOException {
        List<HasMetadata> objects = KubernetesManifests.read(file);
        assertThat(objects).as(file.toString()).singleElement().isInstanceOf(type);
        return type.cast(objects.get(0));
    }

    /** Every manifest under a folder: its YAML files but the kustomizations. */
    private static List<Path> manifests(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
        }
    }

    private static int status(HttpClient http, int port, String path) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening yet
        }
    }

    private static void assumeInstalled(Path tool, String what) {
        boolean installed = Files.isExecutable(tool);
        assertThat(installed || !"true".equals(System.getenv("CI"))).as("CI=true and this test needs " + what + "; .ci/run installs it")
                .isTrue();
        Assumptions.assumeTrue(installed, "needs " + what);
    }

    private static Path which(String command) {
        return Stream.of(System.getenv("PATH").split(":")).map(p -> Path.of(p, command)).filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private Ran compose(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(DOCKER_COMPOSE.toString(), "-f", DOCKER.resolve("compose.yaml").toString()));
        command.addAll(List.of(args));
        Map<String, String> all = new LinkedHashMap<>(env);
        SECRETS.keySet().forEach(k -> all.putIfAbsent(k, null));
        return run(all, command.toArray(String[]::new));
    }

    /** Runs a command to its end (at most 5 minutes); a null value in env removes that variable. */
    private Ran run(Map<String, String> env, String... command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        env.forEach((k, v) -> {
            if (v == null) {
                builder.environment().remove(k);
            } else {
                builder.environment().put(k, v);
            }
        });
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 5 minutes");
        }
        return new Ran(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Ran(int exit, String stdout, String stderr) {}
}
