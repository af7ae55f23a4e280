package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The strict schema check of every rendered object. Built-in kinds are read into the Kubernetes API's model classes
 * (fabric8) with every unknown field an error (their catch-all "additional properties" removed) and no coercion of
 * scalars: {@code replicas: "2"} or a number where a string belongs fails, as the API server would refuse it. Custom
 * resources are checked against the structural schema of their own CustomResourceDefinition (test resources under
 * {@code crds/}). A kind that is in neither list is itself a violation, so nothing passes unchecked.
 */
final class StrictSchema {

    private static final Map<String, Class<?>> BUILT_IN = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class));

    /** The CustomResourceDefinitions the overlays use, by apiVersion/kind: their openAPIV3Schema. */
    private static final Map<String, JsonNode> CUSTOM = Map.of(
            "postgresql.cnpg.io/v1/Cluster", crd("postgresql.cnpg.io_clusters.yaml", "v1"),
            "postgresql.cnpg.io/v1/Database", crd("postgresql.cnpg.io_databases.yaml", "v1"),
            "external-secrets.io/v1/ExternalSecret", crd("external-secrets.io_externalsecrets.yaml", "v1"));

    private static final ObjectMapper STRICT = strictMapper();

    private StrictSchema() {
    }

    /** What the API server would refuse in this object; empty when it is valid. */
    static List<String> violations(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String name = type + " " + object.path("metadata").path("name").asText();
        List<String> violations = new ArrayList<>();
        Class<?> model = BUILT_IN.get(type);
        JsonNode custom = CUSTOM.get(type);
        if (model != null) {
            read(object, model, name, violations);
        } else if (custom != null) {
            read(object.path("metadata"), ObjectMeta.class, name + " metadata", violations);
            ObjectNode metadataChecked = object.deepCopy();
            metadataChecked.putObject("metadata");
            StructuralSchema.check(custom, metadataChecked, name, violations);
        } else {
            violations.add(name + ": a kind without a schema to check it against");
        }
        if (object.path("metadata").path("name").asText().isEmpty()) {
            violations.add(type + ": no metadata.name");
        }
        return violations;
    }

    private static void read(JsonNode object, Class<?> model, String name, List<String> violations) {
        try {
            STRICT.treeToValue(object, model);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(at -> at.getFieldName() != null ? "." + at.getFieldName() : "[" + at.getIndex() + "]")
                    .collect(Collectors.joining());
            violations.add(name + path + ": " + e.getOriginalMessage().lines().findFirst().orElse("invalid"));
        } catch (IOException | IllegalArgumentException e) {
            violations.add(name + ": " + e.getMessage().lines().findFirst().orElse("invalid"));
        }
    }

    private static ObjectMapper strictMapper() {
        SimpleModule noCatchAll = new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                                                         BeanDeserializerBuilder builder) {
                if (bean.getBeanClass().getName().startsWith("io.fabric8.")) {
                    builder.setAnySetter(null);
                }
                return builder;
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .addModule(noCatchAll)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        for (CoercionInputShape number : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(number, CoercionAction.Fail);
        }
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }

    private static JsonNode crd(String file, String version) {
        try (InputStream in = StrictSchema.class.getResourceAsStream("/crds/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no CustomResourceDefinition crds/" + file);
            }
            JsonNode definition = new YAMLMapper().readTree(in);
            for (JsonNode served : definition.path("spec").path("versions")) {
                if (version.equals(served.path("name").asText())) {
                    return served.path("schema").path("openAPIV3Schema");
                }
            }
            throw new IllegalStateException("crds/" + file + " serves no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
