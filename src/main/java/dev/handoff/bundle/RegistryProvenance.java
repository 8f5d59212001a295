package dev.handoff.bundle;

import dev.handoff.runs.DatasetInput;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a bundled model stands in MLflow: the registered model version it was exported from (if any), the alias used
 * to find it, its run, its MLflow 3 logged model and every dataset the run used (with MLflow's digests). Written to
 * {@code provenance/registry.json} and onto the card.
 *
 * @param modelName     registered model name, null when the bundle was exported from a run directly
 * @param version       registered model version, null likewise
 * @param alias         the alias the version was found by, or null
 * @param source        the version's source URI ({@code runs:/...}, {@code models:/m-...}), or null
 * @param loggedModelId the MLflow 3 logged model, or null
 * @param modelArtifact the model file's artifact path in the run
 */
public record RegistryProvenance(String modelName, String version, String alias, String runId, String source,
                                 String loggedModelId, String modelArtifact, List<DatasetInput> datasets) {
    public static final String FILE = "provenance/registry.json";

    public RegistryProvenance {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(modelArtifact, "modelArtifact");
        datasets = List.copyOf(datasets == null ? List.of() : datasets);
    }

    /**
     * The model file of a version inside its run: the {@code runs:/<run>/<path>} source's folder plus
     * {@code model.tribuo} (or the path itself when it names a {@code .tribuo} file); for any other source (an MLflow 3
     * {@code models:/m-...} version) {@code fallback}, the artifact path the run logged the Tribuo model under.
     */
    public static String modelArtifactOf(ModelVersion v, String fallback) {
        String path = v.runArtifactPath();
        if (path == null) {
            return fallback;
        }
        return path.endsWith(".tribuo") ? path : path + "/model.tribuo";
    }

    /**
     * Resolves {@code ref} in {@code source}: the version, its run, logged model and the run's datasets.
     *
     * @param artifactOverride the model's artifact path in the run when given (else see {@link #modelArtifactOf})
     * @throws SourceException when the version does not exist or has no run
     */
    public static RegistryProvenance resolve(RunSource source, ModelRef ref, String artifactOverride, String fallbackArtifact)
            throws SourceException {
        ModelVersion v = ref.resolve(source);
        if (v.runId() == null || v.runId().isEmpty()) {
            throw new SourceException(source.describe(), "version " + v.version() + " of '" + v.name()
                    + "' names no run (source " + v.source() + "): the workbench bundles models from their runs");
        }
        String loggedModel = v.loggedModelId();
        if (loggedModel == null) {
            // a version registered from runs:/ may still have a logged model of the same run (MLflow 3)
            try {
                var models = source.loggedModelsOfRun(v.runId());
                if (models.size() == 1) {
                    loggedModel = models.get(0).modelId();
                }
            } catch (SourceException e) {
                // a store without logged models (MLflow 2): none
            }
        }
        String artifact = artifactOverride != null ? artifactOverride : modelArtifactOf(v, fallbackArtifact);
        return new RegistryProvenance(v.name(), v.version(), ref.alias(), v.runId(), v.source(), loggedModel, artifact,
                datasetsOf(source, v.runId()));
    }

    /** A bundle exported from a run: no registry entry, but the run's logged model (if exactly one) and datasets. */
    public static RegistryProvenance ofRun(RunSource source, String runId, String artifact) {
        String loggedModel = null;
        try {
            var models = source.loggedModelsOfRun(runId);
            if (models.size() == 1) {
                loggedModel = models.get(0).modelId();
            }
        } catch (SourceException e) {
            // none
        }
        return new RegistryProvenance(null, null, null, runId, null, loggedModel, artifact, datasetsOf(source, runId));
    }

    private static List<DatasetInput> datasetsOf(RunSource source, String runId) {
        try {
            return source.getDatasetInputs(runId);
        } catch (SourceException e) {
            return List.of(); // a source that cannot read dataset inputs: none recorded
        }
    }

    /** The JSON of {@code provenance/registry.json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("registered_model", modelName);
        o.put("version", version);
        o.put("alias", alias);
        o.put("model_uri", modelName == null ? null : "models:/" + modelName + "/" + version);
        o.put("source", source);
        o.put("run_id", runId);
        o.put("logged_model_id", loggedModelId);
        o.put("model_artifact", modelArtifact);
        List<Map<String, Object>> ds = new ArrayList<>();
        for (DatasetInput d : datasets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("digest", d.digest());
            m.put("context", d.context());
            m.put("source_type", d.sourceType());
            m.put("source", d.source());
            m.put("schema", d.schema());
            m.put("profile", d.profile());
            m.put("tags", d.sortedTags());
            ds.add(m);
        }
        o.put("datasets", ds);
        return o;
    }

    /**
     * Reads back what {@link #toJson()} wrote ({@code provenance/registry.json} of a bundle).
     *
     * @param where names the file in the error message
     * @throws java.io.IOException when {@code run_id} or {@code model_artifact} is missing
     */
    public static RegistryProvenance fromJson(com.fasterxml.jackson.databind.JsonNode json, String where)
            throws java.io.IOException {
        String runId = textOrNull(json, "run_id");
        String artifact = textOrNull(json, "model_artifact");
        if (runId == null || artifact == null) {
            throw new java.io.IOException(where + ": needs run_id and model_artifact");
        }
        List<DatasetInput> datasets = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode d : json.path("datasets")) {
            Map<String, String> tags = new LinkedHashMap<>();
            d.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            String name = textOrNull(d, "name");
            String digest = textOrNull(d, "digest");
            if (name == null || digest == null) {
                throw new java.io.IOException(where + ": a dataset needs name and digest");
            }
            datasets.add(new DatasetInput(name, digest, textOrNull(d, "source_type"), textOrNull(d, "source"),
                    textOrNull(d, "schema"), textOrNull(d, "profile"), tags));
        }
        return new RegistryProvenance(textOrNull(json, "registered_model"), textOrNull(json, "version"),
                textOrNull(json, "alias"), runId, textOrNull(json, "source"), textOrNull(json, "logged_model_id"),
                artifact, datasets);
    }

    private static String textOrNull(com.fasterxml.jackson.databind.JsonNode json, String key) {
        com.fasterxml.jackson.databind.JsonNode v = json.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** {@code NAME/VERSION} of the registered version, or null when the bundle was exported from a run. */
    public ModelRef versionRef() {
        return modelName == null || version == null ? null : new ModelRef(modelName, null, version);
    }

    /** A one-line description for the card's version and logs. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (modelName != null) {
            sb.append("registered model ").append(modelName).append(" version ").append(version);
            if (alias != null) {
                sb.append(" (@").append(alias).append(')');
            }
            sb.append(", ");
        }
        sb.append("run ").append(runId);
        if (loggedModelId != null) {
            sb.append(", logged model ").append(loggedModelId);
        }
        return sb.toString();
    }

    /** Puts the registry version, the model URI and every dataset (digest, context, source) on the card. */
    public void applyTo(dev.handoff.bundle.card.ModelCardBuilder card) {
        if (modelName != null) {
            card.version(modelName + " version " + version + (alias != null ? " (@" + alias + ")" : "")
                    + ", run " + runId, null, null);
            card.reference("models:/" + modelName + "/" + version);
        }
        if (loggedModelId != null) {
            card.reference("models:/" + loggedModelId);
        }
        for (DatasetInput d : datasets) {
            String context = d.context() == null ? "" : d.context() + " data, ";
            card.dataset(d.name(), sourceUri(d), context + "MLflow dataset digest " + d.digest()
                    + (d.sourceType().isEmpty() ? "" : ", source type " + d.sourceType()));
        }
    }

    /** The {@code uri} (or {@code url}, {@code path}) inside a dataset's JSON source, else the source text. */
    static String sourceUri(DatasetInput d) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.source());
            for (String key : List.of("uri", "url", "path", "table_name")) {
                if (node != null && node.hasNonNull(key)) {
                    return node.get(key).asText();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: the text itself
        }
        return d.source().isEmpty() ? null : d.source();
    }
}
