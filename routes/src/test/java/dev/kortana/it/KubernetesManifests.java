package dev.kortana.it;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Kubernetes manifests into fabric8's model of the Kubernetes API, strictly: a field the API does not have, a
 * value of the wrong type, or an apiVersion that does not go with the kind fails, naming the document.
 */
final class KubernetesManifests {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class,
            "ConfigMap", ConfigMap.class,
            "Secret", Secret.class,
            "Service", Service.class,
            "PersistentVolumeClaim", PersistentVolumeClaim.class,
            "Deployment", Deployment.class,
            "PodDisruptionBudget", PodDisruptionBudget.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    // fabric8's classes keep unknown fields in additionalProperties (a JSON any-setter); without any-setters they fail.
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final YAMLMapper YAML = new YAMLMapper();

    private KubernetesManifests() {}

    /** Every document of a manifest file, as the API object its kind names. */
    static List<HasMetadata> read(Path file) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : documents(file)) {
            objects.add(read(document, file.toString()));
        }
        return objects;
    }

    /** One document, named {@code where} in the failure. */
    static HasMetadata read(JsonNode document, String where) {
        String kind = document.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException(where + ": kind '" + kind + "' is not one these manifests may use " + KINDS.keySet());
        }
        if (!HasMetadata.getApiVersion(type).equals(document.path("apiVersion").asText())) {
            throw new IllegalArgumentException(where + ": a " + kind + " is apiVersion " + HasMetadata.getApiVersion(type)
                    + ", not '" + document.path("apiVersion").asText() + "'");
        }
        try {
            return STRICT.treeToValue(document, type);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(where + ": not a valid " + kind + ": " + e.getMessage(), e);
        }
    }

    /** The YAML documents of a file, as trees (empty documents left out). */
    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (values.hasNextValue()) {
                JsonNode document = values.nextValue();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }
}
