package dev.handoff.runs.source.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.DatasetInput;
import dev.handoff.runs.LoggedModel;
import dev.handoff.runs.LoggedModelMetric;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MLflow REST JSON (the protobuf JSON of {@code /api/2.0/mlflow/...}) to the {@code dev.handoff.runs} domain. int64
 * fields arrive as JSON numbers from new servers and as strings from old ones; doubles may be {@code "NaN"} or
 * {@code "Infinity"}. A malformed object throws {@link IllegalArgumentException} naming the field.
 */
final class MlflowJsonMapper {
    private MlflowJsonMapper() {
    }

    /** One element of {@code experiments/search}'s {@code experiments}. */
    static Experiment experiment(JsonNode e) {
        return new Experiment(required(e, "experiment_id"), required(e, "name"), e.path("artifact_location").asText(""),
                LifecycleStage.parse(e.path("lifecycle_stage").asText("active")),
                asLong(e.path("creation_time"), -1), asLong(e.path("last_update_time"), -1), keyValues(e.path("tags")));
    }

    /** A {@code Run} object ({@code info} + {@code data}) of {@code runs/search} or {@code runs/get}. */
    static Run run(JsonNode r) {
        JsonNode info = r.path("info");
        String runId = info.hasNonNull("run_id") ? info.get("run_id").asText() : required(info, "run_uuid");
        RunInfo ri = new RunInfo(runId, info.path("run_name").asText(""), required(info, "experiment_id"),
                info.path("user_id").asText(""), RunStatus.parse(info.path("status").asText("RUNNING")),
                asLong(info.path("start_time"), -1), asLong(info.path("end_time"), -1),
                info.path("artifact_uri").asText(""), LifecycleStage.parse(info.path("lifecycle_stage").asText("active")));
        JsonNode data = r.path("data");
        Map<String, Metric> metrics = new HashMap<>();
        for (JsonNode m : data.path("metrics")) {
            Metric metric = new Metric(m.path("key").asText(), asDouble(m.path("value")),
                    asLong(m.path("timestamp"), 0), asLong(m.path("step"), 0));
            metrics.merge(metric.key(), metric, (a, b) -> b.isLaterThan(a) ? b : a);
        }
        return new Run(ri, keyValues(data.path("params")), keyValues(data.path("tags")), metrics);
    }

    /** One element of {@code artifacts/list}'s {@code files}. */
    static ArtifactRef artifact(String runId, JsonNode f) {
        boolean dir = f.path("is_dir").asBoolean(false);
        return new ArtifactRef(runId, f.path("path").asText(), dir, dir ? -1 : asLong(f.path("file_size"), -1));
    }

    /** A {@code RegisteredModel} of {@code registered-models/search} or {@code registered-models/get}. */
    static RegisteredModel registeredModel(JsonNode m) {
        Map<String, String> aliases = new TreeMap<>();
        for (JsonNode a : m.path("aliases")) {
            aliases.put(a.path("alias").asText(), a.path("version").asText());
        }
        // MLflow's Python REST client reports an unset description as "" (the proto default), not None
        return new RegisteredModel(required(m, "name"), m.path("description").asText(""),
                asLong(m.path("creation_timestamp"), -1), asLong(m.path("last_updated_timestamp"), -1),
                keyValues(m.path("tags")), aliases);
    }

    /**
     * A {@code ModelVersion} of {@code model-versions/search} or {@code model-versions/get}. The search leaves
     * {@code aliases} out, so they come from the registered model's alias list when given.
     */
    static ModelVersion modelVersion(JsonNode v, Map<String, String> modelAliases) {
        String version = required(v, "version");
        List<String> aliases = new ArrayList<>();
        if (modelAliases != null) {
            modelAliases.forEach((alias, target) -> {
                if (target.equals(version)) {
                    aliases.add(alias);
                }
            });
        } else {
            v.path("aliases").forEach(a -> aliases.add(a.asText()));
        }
        return new ModelVersion(required(v, "name"), version, v.path("source").asText(""), nullableText(v, "run_id"),
                v.path("status").asText("READY"), v.path("current_stage").asText("None"), nullableText(v, "description"),
                asLong(v.path("creation_timestamp"), -1), asLong(v.path("last_updated_timestamp"), -1),
                keyValues(v.path("tags")), aliases, nullableText(v, "model_id"));
    }

    /** A {@code LoggedModel} ({@code info} + {@code data}) of {@code logged-models/search} or {@code logged-models/get}. */
    static LoggedModel loggedModel(JsonNode m) {
        JsonNode info = m.path("info");
        JsonNode data = m.path("data");
        List<LoggedModelMetric> metrics = new ArrayList<>();
        for (JsonNode x : data.path("metrics")) {
            metrics.add(new LoggedModelMetric(x.path("key").asText(), asDouble(x.path("value")),
                    asLong(x.path("timestamp"), 0), asLong(x.path("step"), 0), nullableText(x, "run_id"),
                    nullableText(x, "dataset_name"), nullableText(x, "dataset_digest")));
        }
        return new LoggedModel(required(info, "model_id"), info.path("name").asText(""), required(info, "experiment_id"),
                nullableText(info, "source_run_id"), LoggedModel.statusOfRest(nullableText(info, "status")),
                nullableText(info, "model_type"), info.path("artifact_uri").asText(""),
                asLong(info.path("creation_timestamp_ms"), -1), asLong(info.path("last_updated_timestamp_ms"), -1),
                keyValues(data.path("params")), metrics, keyValues(info.path("tags")));
    }

    /** The {@code inputs.dataset_inputs} of a {@code runs/get} run, sorted by (name, digest). */
    static List<DatasetInput> datasetInputs(JsonNode run) {
        List<DatasetInput> out = new ArrayList<>();
        for (JsonNode di : run.path("inputs").path("dataset_inputs")) {
            JsonNode d = di.path("dataset");
            out.add(new DatasetInput(required(d, "name"), required(d, "digest"), d.path("source_type").asText(""),
                    d.path("source").asText(""), nullableText(d, "schema"), nullableText(d, "profile"),
                    keyValues(di.path("tags"))));
        }
        out.sort(java.util.Comparator.comparing(DatasetInput::name).thenComparing(DatasetInput::digest));
        return out;
    }

    private static String nullableText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The {@code next_page_token} of a paged response, or null on the last page. */
    static String nextToken(JsonNode resp) {
        String t = resp.path("next_page_token").asText("");
        return t.isEmpty() ? null : t;
    }

    /** {@code [{"key": ..., "value": ...}, ...]} (params, tags) as a map; a missing value is "". */
    private static Map<String, String> keyValues(JsonNode array) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode kv : array) {
            out.put(kv.path("key").asText(), kv.path("value").asText(""));
        }
        return out;
    }

    private static String required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return v.asText();
    }

    /** An int64 field, as a JSON number or a string; {@code missing} when absent, null or "". */
    static long asLong(JsonNode n, long missing) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return missing;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        String s = n.asText().trim();
        if (s.isEmpty()) {
            return missing;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected an integer, got '" + s + "'");
        }
    }

    /** A double field, as a JSON number or a string ("NaN", "Infinity", "-Infinity" and Python's spellings); NaN when absent. */
    static double asDouble(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        String s = n.asText().trim();
        switch (s) {
            case "NaN": case "nan": return Double.NaN;
            case "Infinity": case "inf": case "+Infinity": return Double.POSITIVE_INFINITY;
            case "-Infinity": case "-inf": return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a number, got '" + s + "'");
                }
        }
    }

    /** The pages of {@code metrics/get-history}, collected as primitive chunks and joined into one sorted series. */
    static final class History {
        private final List<long[]> steps = new ArrayList<>();
        private final List<double[]> values = new ArrayList<>();
        private final List<long[]> times = new ArrayList<>();
        private int total;

        /** Adds the {@code metrics} of one page. */
        void addPage(JsonNode resp) {
            JsonNode metrics = resp.path("metrics");
            int n = metrics.size();
            long[] s = new long[n];
            double[] v = new double[n];
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                JsonNode m = metrics.get(i);
                s[i] = asLong(m.path("step"), 0);
                v[i] = asDouble(m.path("value"));
                t[i] = asLong(m.path("timestamp"), 0);
            }
            steps.add(s);
            values.add(v);
            times.add(t);
            total = Math.addExact(total, n);
        }

        /** Every point added so far, by {@link MetricSeries#sorted}. */
        MetricSeries build(String runId, String key) {
            long[] s = new long[total];
            double[] v = new double[total];
            long[] t = new long[total];
            int off = 0;
            for (int c = 0; c < steps.size(); c++) {
                int n = steps.get(c).length;
                System.arraycopy(steps.get(c), 0, s, off, n);
                System.arraycopy(values.get(c), 0, v, off, n);
                System.arraycopy(times.get(c), 0, t, off, n);
                off += n;
            }
            return MetricSeries.sorted(runId, key, s, v, t);
        }
    }
}
