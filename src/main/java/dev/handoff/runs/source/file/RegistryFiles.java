package dev.handoff.runs.source.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.runs.DatasetInput;
import dev.handoff.runs.LoggedModel;
import dev.handoff.runs.LoggedModelMetric;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry and MLflow 3 parts of a file store, laid out as MLflow's own file stores write them
 * ({@code mlflow/store/model_registry/file_store.py}, {@code mlflow/store/tracking/file_store.py}):
 * <ul>
 *   <li>{@code <root>/models/<name>/meta.yaml} (name, description, creation_timestamp, last_updated_timestamp),
 *   {@code tags/<key>}, {@code aliases/<alias>} (file content = version number);</li>
 *   <li>{@code <root>/models/<name>/version-<n>/meta.yaml} (version, source, run_id, status, current_stage,
 *   description, model_id in 3.x, storage_location), {@code tags/<key>}; a deleted version keeps its folder with
 *   {@code current_stage: Deleted_Internal};</li>
 *   <li>{@code <exp>/models/<model_id>/meta.yaml} (status as integer 0-3, lifecycle_stage), {@code params/},
 *   {@code tags/}, {@code metrics/<key>} lines {@code timestamp value step run_id [dataset_name dataset_digest]};</li>
 *   <li>{@code <exp>/datasets/<md5(name+digest)>/meta.yaml} (name, digest, source_type, source, schema, profile) and
 *   {@code <run>/inputs/<id>/meta.yaml} (source_type DATASET, source_id = the dataset folder, tags).</li>
 * </ul>
 */
final class RegistryFiles {
    static final String DELETED_STAGE = "Deleted_Internal";

    private RegistryFiles() {
    }

    static Path modelsDir(Path root) {
        return root.resolve("models");
    }

    static List<Path> subdirs(Path dir) throws StoreReadException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new StoreReadException(dir, 0, "cannot list: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return out;
    }

    static RegisteredModel registeredModel(Path dir) throws StoreReadException {
        Path metaFile = dir.resolve("meta.yaml");
        JsonNode meta = StoreFiles.readYaml(metaFile);
        String name = StoreFiles.requiredText(meta, metaFile, "name");
        return new RegisteredModel(name, nullableText(meta, "description"),
                StoreFiles.time(meta, metaFile, "creation_timestamp"), StoreFiles.time(meta, metaFile, "last_updated_timestamp"),
                StoreFiles.readKeyValues(dir.resolve("tags")), aliases(dir));
    }

    private static Map<String, String> aliases(Path modelDir) throws StoreReadException {
        Map<String, String> out = new TreeMap<>();
        StoreFiles.readKeyValues(modelDir.resolve("aliases")).forEach((k, v) -> out.put(k, v.trim()));
        return out;
    }

    /** The versions of one registered model folder, deleted ones left out, sorted by number. */
    static List<ModelVersion> versions(Path modelDir) throws StoreReadException {
        Map<String, String> aliases = aliases(modelDir);
        List<ModelVersion> out = new ArrayList<>();
        for (Path dir : subdirs(modelDir)) {
            if (!dir.getFileName().toString().startsWith("version-")) {
                continue;
            }
            ModelVersion v = version(dir, aliases);
            if (!DELETED_STAGE.equals(v.currentStage())) {
                out.add(v);
            }
        }
        out.sort(Comparator.comparingLong(ModelVersion::number));
        return out;
    }

    private static ModelVersion version(Path dir, Map<String, String> aliases) throws StoreReadException {
        Path metaFile = dir.resolve("meta.yaml");
        JsonNode meta = StoreFiles.readYaml(metaFile);
        String name = StoreFiles.requiredText(meta, metaFile, "name");
        String version = StoreFiles.requiredText(meta, metaFile, "version");
        List<String> mine = new ArrayList<>();
        aliases.forEach((alias, v) -> {
            if (v.equals(version)) {
                mine.add(alias);
            }
        });
        return new ModelVersion(name, version, StoreFiles.text(meta, "source", ""), nullableText(meta, "run_id"),
                StoreFiles.text(meta, "status", "READY"), StoreFiles.text(meta, "current_stage", "None"),
                nullableText(meta, "description"), StoreFiles.time(meta, metaFile, "creation_timestamp"),
                StoreFiles.time(meta, metaFile, "last_updated_timestamp"), StoreFiles.readKeyValues(dir.resolve("tags")),
                mine, nullableText(meta, "model_id"));
    }

    /** The logged models in one experiment folder ({@code <exp>/models/}), deleted ones left out. */
    static List<LoggedModel> loggedModels(Path experimentDir) throws StoreReadException {
        List<LoggedModel> out = new ArrayList<>();
        for (Path dir : subdirs(experimentDir.resolve("models"))) {
            Path metaFile = dir.resolve("meta.yaml");
            if (!Files.isRegularFile(metaFile)) {
                continue;
            }
            JsonNode meta = StoreFiles.readYaml(metaFile);
            if ("deleted".equals(StoreFiles.text(meta, "lifecycle_stage", "active"))) {
                continue;
            }
            out.add(loggedModel(dir, metaFile, meta));
        }
        return out;
    }

    private static LoggedModel loggedModel(Path dir, Path metaFile, JsonNode meta) throws StoreReadException {
        String modelId = StoreFiles.requiredText(meta, metaFile, "model_id");
        JsonNode status = meta.get("status");
        String statusName;
        if (status == null || status.isNull()) {
            statusName = "UNSPECIFIED";
        } else if (status.isNumber() || status.asText().matches("\\d+")) {
            statusName = LoggedModel.statusOf(Integer.parseInt(status.asText()));
        } else {
            statusName = status.asText();
        }
        return new LoggedModel(modelId, StoreFiles.text(meta, "name", ""), StoreFiles.requiredText(meta, metaFile, "experiment_id"),
                nullableText(meta, "source_run_id"), statusName, nullableText(meta, "model_type"),
                StoreFiles.text(meta, "artifact_location", ""), StoreFiles.time(meta, metaFile, "creation_timestamp"),
                StoreFiles.time(meta, metaFile, "last_updated_timestamp"), StoreFiles.readKeyValues(dir.resolve("params")),
                metrics(dir.resolve("metrics")), StoreFiles.readKeyValues(dir.resolve("tags")));
    }

    /** Latest point per (key, dataset name, dataset digest), by (step, timestamp, value) as MLflow picks it. */
    private static List<LoggedModelMetric> metrics(Path metricsDir) throws StoreReadException {
        List<LoggedModelMetric> out = new ArrayList<>();
        if (!Files.isDirectory(metricsDir)) {
            return out;
        }
        List<Path> files = StoreFiles.listFiles(metricsDir);
        files.sort(Comparator.naturalOrder());
        for (Path f : files) {
            String key = StoreFiles.keyOf(metricsDir, f);
            Map<List<String>, LoggedModelMetric> latest = new LinkedHashMap<>();
            String[] lines = StoreFiles.readUtf8(f).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split(" ");
                if (parts.length != 4 && parts.length != 6) {
                    throw new StoreReadException(f, i + 1, "expected 4 or 6 fields (timestamp value step run_id "
                            + "[dataset_name dataset_digest]), found " + parts.length);
                }
                LoggedModelMetric m;
                try {
                    m = new LoggedModelMetric(key, parseValue(parts[1]), Long.parseLong(parts[0]), Long.parseLong(parts[2]),
                            parts[3], parts.length == 6 ? parts[4] : null, parts.length == 6 ? parts[5] : null);
                } catch (NumberFormatException e) {
                    throw new StoreReadException(f, i + 1, "not a number: " + e.getMessage());
                }
                List<String> group = java.util.Arrays.asList(m.datasetName(), m.datasetDigest());
                LoggedModelMetric old = latest.get(group);
                if (old == null || newer(m, old)) {
                    latest.put(group, m);
                }
            }
            out.addAll(latest.values());
        }
        return out;
    }

    private static boolean newer(LoggedModelMetric a, LoggedModelMetric b) {
        if (a.step() != b.step()) {
            return a.step() > b.step();
        }
        if (a.timestamp() != b.timestamp()) {
            return a.timestamp() > b.timestamp();
        }
        return Double.compare(a.value(), b.value()) > 0;
    }

    private static double parseValue(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** The dataset inputs of a run folder, each resolved in its experiment's {@code datasets/} folder. */
    static List<DatasetInput> datasetInputs(Path runDir, Path experimentDir) throws StoreReadException {
        List<DatasetInput> out = new ArrayList<>();
        for (Path input : subdirs(runDir.resolve("inputs"))) {
            Path metaFile = input.resolve("meta.yaml");
            if (!Files.isRegularFile(metaFile)) {
                continue;
            }
            JsonNode meta = StoreFiles.readYaml(metaFile);
            if (!"DATASET".equals(StoreFiles.text(meta, "source_type", ""))) {
                continue; // a logged model used as input
            }
            String datasetId = StoreFiles.requiredText(meta, metaFile, "source_id");
            Path datasetMeta = experimentDir.resolve("datasets").resolve(datasetId).resolve("meta.yaml");
            if (datasetId.contains("/") || datasetId.contains("\\") || datasetId.startsWith(".")) {
                throw new StoreReadException(metaFile, 0, "invalid dataset id '" + datasetId + "'");
            }
            if (!Files.isRegularFile(datasetMeta)) {
                throw new StoreReadException(metaFile, 0, "input names dataset " + datasetId + " but "
                        + datasetMeta + " does not exist");
            }
            JsonNode d = StoreFiles.readYaml(datasetMeta);
            Map<String, String> tags = new TreeMap<>();
            JsonNode t = meta.get("tags");
            if (t != null && t.isObject()) {
                t.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            }
            out.add(new DatasetInput(StoreFiles.requiredText(d, datasetMeta, "name"),
                    StoreFiles.requiredText(d, datasetMeta, "digest"), StoreFiles.text(d, "source_type", ""),
                    StoreFiles.text(d, "source", ""), nullableText(d, "schema"), nullableText(d, "profile"), tags));
        }
        out.sort(Comparator.comparing(DatasetInput::name).thenComparing(DatasetInput::digest));
        return out;
    }

    static String nullableText(JsonNode meta, String key) {
        JsonNode v = meta.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
