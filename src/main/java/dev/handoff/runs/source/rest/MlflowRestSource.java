package dev.handoff.runs.source.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.DatasetInput;
import dev.handoff.runs.LoggedModel;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.cache.HistoryStore;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.query.RunFilter;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An MLflow tracking server over its REST API ({@code /api/2.0/mlflow/...}): the {@link RunSource} calls, following
 * every page token. HTTP (auth, TLS, retries, error messages) is {@link MlflowHttpClient}'s, the JSON to domain
 * mapping {@link MlflowJsonMapper}'s. Metric histories are not cached here: every call asks the server (the UI's
 * {@code HistoryCache} is the one cache). Thread-safe.
 */
public final class MlflowRestSource implements RunSource {
    /** MLflow's page cap for metrics/get-history. */
    private static final Logger LOG = LoggerFactory.getLogger(MlflowRestSource.class);
    static final int HISTORY_PAGE = 25_000;
    private static final int EXPERIMENT_PAGE = 1000;
    private static final int ARTIFACT_LIST_MAX_PAGES = 10_000;

    private final RestConfig config;
    private final MlflowHttpClient http;
    /** Run id → artifact URI, remembered from every run read (small: one string per run) for artifact downloads. */
    private final Map<String, String> artifactUris = new ConcurrentHashMap<>();
    /** Run id → run info, remembered likewise: a finished run's histories are kept in {@link #histories}. */
    private final Map<String, RunInfo> runInfos = new ConcurrentHashMap<>();
    private final HistoryStore histories;

    /** A source keeping finished runs' histories in the process's {@link HistoryStore#shared() history store}. */
    public MlflowRestSource(RestConfig config) throws SourceException {
        this(config, HistoryStore.shared());
    }

    /** A source keeping finished runs' histories in {@code histories} (null: none kept). */
    public MlflowRestSource(RestConfig config, HistoryStore histories) throws SourceException {
        this.config = config;
        this.http = new MlflowHttpClient(config);
        this.histories = histories;
    }

    public RestConfig config() {
        return config;
    }

    @Override
    public String describe() {
        return "MLflow tracking server " + config.base() + " (" + config.auth().describe() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public ExperimentList listExperiments(ViewType viewType) throws SourceException {
        List<Experiment> out = new ArrayList<>();
        List<LoadProblem> problems = new ArrayList<>();
        String token = null;
        do {
            ObjectNode body = http.newBody();
            body.put("max_results", EXPERIMENT_PAGE);
            body.put("view_type", viewType.name());
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode resp = http.post("experiments/search", body);
            for (JsonNode e : resp.path("experiments")) {
                try {
                    out.add(MlflowJsonMapper.experiment(e));
                } catch (RuntimeException ex) {
                    problems.add(new LoadProblem("experiment", e.path("experiment_id").asText(""),
                            http.url("experiments/search"), 0, "unreadable experiment: " + ex.getMessage()).logged(ex));
                }
            }
            token = MlflowJsonMapper.nextToken(resp);
        } while (token != null);
        return new ExperimentList(out, problems);
    }

    @Override
    public RunPage searchRuns(RunQuery query) throws SourceException {
        refuseSummaryFilter(query.filter());
        ObjectNode body = http.newBody();
        ArrayNode ids = body.putArray("experiment_ids");
        query.experimentIds().forEach(ids::add);
        if (!query.filter().isBlank()) {
            body.put("filter", query.filter());
        }
        body.put("run_view_type", query.viewType().name());
        body.put("max_results", query.maxResults());
        if (!query.orderBy().isEmpty()) {
            ArrayNode order = body.putArray("order_by");
            query.orderBy().forEach(order::add);
        }
        if (query.pageToken() != null) {
            body.put("page_token", query.pageToken());
        }
        JsonNode resp = http.post("runs/search", body);
        List<Run> runs = new ArrayList<>();
        List<LoadProblem> problems = new ArrayList<>();
        for (JsonNode r : resp.path("runs")) {
            try {
                runs.add(remember(MlflowJsonMapper.run(r)));
            } catch (RuntimeException ex) {
                problems.add(new LoadProblem("run", r.path("info").path("run_id").asText(""), http.url("runs/search"), 0,
                        "unreadable run: " + ex.getMessage()).logged(ex));
            }
        }
        return new RunPage(runs, problems, MlflowJsonMapper.nextToken(resp));
    }

    @Override
    public Run getRun(String runId) throws SourceException {
        JsonNode resp = http.get("runs/get", Map.of("run_id", runId));
        try {
            return remember(MlflowJsonMapper.run(resp.path("run")));
        } catch (RuntimeException ex) {
            throw new SourceException(http.url("runs/get"), "unreadable run " + runId + ": " + ex.getMessage(), ex);
        }
    }

    private Run remember(Run run) {
        artifactUris.put(run.id(), run.info().artifactUri());
        runInfos.put(run.id(), run.info());
        return run;
    }

    /**
     * The metric's whole history. A run this source has read as finished, failed or killed (with an end time) has
     * its histories kept on disk ({@link HistoryStore}, keyed by server, experiment, run, metric and end time), so they
     * are read from there when the experiment is opened again; a running run's are always fetched.
     */
    @Override
    public MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException {
        RunInfo info = runInfos.get(runId);
        String key = histories != null && info != null && info.status() != RunStatus.RUNNING
                && info.status() != RunStatus.SCHEDULED && info.endTime() >= 0
                ? HistoryStore.key(config.base().toString(), info.experimentId(), runId, metricKey, info.endTime())
                : null;
        if (key != null) {
            Optional<List<Metric>> kept = histories.get(key, metricKey);
            if (kept.isPresent()) {
                return series(runId, metricKey, kept.get());
            }
        }
        MetricSeries fetched = fetchHistory(runId, metricKey);
        if (key != null) {
            try {
                histories.put(key, points(fetched));
            } catch (IOException e) {
                LOG.warn("cannot keep the history of metric '{}' of run {} in {}: {}", metricKey, runId,
                        histories.dir(), e.toString());
            }
        }
        return fetched;
    }

    private static MetricSeries series(String runId, String metricKey, List<Metric> points) {
        int n = points.size();
        long[] steps = new long[n];
        long[] timestamps = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            Metric m = points.get(i);
            steps[i] = m.step();
            timestamps[i] = m.timestamp();
            values[i] = m.value();
        }
        return MetricSeries.sorted(runId, metricKey, steps, values, timestamps);
    }

    private static List<Metric> points(MetricSeries s) {
        List<Metric> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            out.add(new Metric(s.key(), s.values()[i], s.timestamps()[i], s.steps()[i]));
        }
        return out;
    }

    private MetricSeries fetchHistory(String runId, String metricKey) throws SourceException {
        MlflowJsonMapper.History history = new MlflowJsonMapper.History();
        String token = null;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("run_id", runId);
            params.put("metric_key", metricKey);
            params.put("max_results", Integer.toString(HISTORY_PAGE));
            if (token != null) {
                params.put("page_token", token);
            }
            JsonNode resp = http.get("metrics/get-history", params);
            try {
                history.addPage(resp);
            } catch (RuntimeException ex) {
                throw new SourceException(http.url("metrics/get-history"), "unreadable history of metric '" + metricKey
                        + "' of run " + runId + ": " + ex.getMessage(), ex);
            }
            token = MlflowJsonMapper.nextToken(resp);
        } while (token != null);
        return history.build(runId, metricKey);
    }

    @Override
    public List<ArtifactRef> listArtifacts(String runId, String path) throws SourceException {
        List<ArtifactRef> out = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("run_id", runId);
            if (path != null && !path.isEmpty()) {
                params.put("path", path);
            }
            if (token != null) {
                params.put("page_token", token);
            }
            JsonNode resp = http.get("artifacts/list", params);
            for (JsonNode f : resp.path("files")) {
                out.add(MlflowJsonMapper.artifact(runId, f));
            }
            token = MlflowJsonMapper.nextToken(resp);
        } while (token != null && ++pages < ARTIFACT_LIST_MAX_PAGES);
        return out;
    }

    @Override
    public InputStream openArtifact(String runId, String path) throws SourceException {
        if (path == null || path.isEmpty() || path.startsWith("/") || Arrays.asList(path.split("/")).contains("..")) {
            throw new SourceException(config.base(), "artifact path must be relative without '..', got '" + path + "'");
        }
        String artifactUri = artifactUris.get(runId);
        if (artifactUri == null) {
            artifactUri = getRun(runId).info().artifactUri();
        }
        URI uri;
        if (artifactUri.startsWith("mlflow-artifacts:")) {
            // mlflow-artifacts:/<exp>/<run>/artifacts or mlflow-artifacts://host/<exp>/...: the proxy path is the URI path.
            String rest = URI.create(artifactUri).getPath();
            rest = rest.startsWith("/") ? rest.substring(1) : rest;
            uri = URI.create(config.base() + "/api/2.0/mlflow-artifacts/artifacts/"
                    + MlflowHttpClient.encodePath(rest + "/" + path));
        } else {
            uri = URI.create(config.base() + "/get-artifact?" + MlflowHttpClient.query(Map.of("run_uuid", runId, "path", path)));
        }
        return http.download(uri);
    }

    // ---------------------------------------------------------------- registry, logged models, datasets

    /** The HTTP client (auth, TLS, retries) for the one write the workbench makes, see {@code RegistryWriter}. */
    MlflowHttpClient http() {
        return http;
    }

    private static final int REGISTRY_PAGE = 1000;

    @Override
    public List<RegisteredModel> listRegisteredModels() throws SourceException {
        List<RegisteredModel> out = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("max_results", Integer.toString(REGISTRY_PAGE));
            if (token != null) {
                params.put("page_token", token);
            }
            JsonNode resp = http.get("registered-models/search", params);
            for (JsonNode m : resp.path("registered_models")) {
                out.add(mapped("registered-models/search", () -> MlflowJsonMapper.registeredModel(m)));
            }
            token = MlflowJsonMapper.nextToken(resp);
        } while (token != null);
        out.sort(java.util.Comparator.comparing(RegisteredModel::name));
        return out;
    }

    @Override
    public RegisteredModel getRegisteredModel(String name) throws SourceException {
        JsonNode resp = http.get("registered-models/get", Map.of("name", name));
        return mapped("registered-models/get", () -> MlflowJsonMapper.registeredModel(resp.path("registered_model")));
    }

    @Override
    public List<ModelVersion> listModelVersions(String name) throws SourceException {
        Map<String, String> aliases = getRegisteredModel(name).aliases();
        List<ModelVersion> out = new ArrayList<>();
        String token = null;
        do {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("filter", "name=" + quote(name));
            params.put("max_results", Integer.toString(REGISTRY_PAGE));
            if (token != null) {
                params.put("page_token", token);
            }
            JsonNode resp = http.get("model-versions/search", params);
            for (JsonNode v : resp.path("model_versions")) {
                out.add(mapped("model-versions/search", () -> MlflowJsonMapper.modelVersion(v, aliases)));
            }
            token = MlflowJsonMapper.nextToken(resp);
        } while (token != null);
        out.sort(java.util.Comparator.comparingLong(ModelVersion::number));
        return out;
    }

    /**
     * A tracking server knows each metric's latest value only: a summary filter ({@code metrics.val_auc.max}) would
     * be read as a metric named "val_auc.max" and silently match nothing, so it is refused here with a clear error.
     * A filter this parser does not understand is left for the server to judge.
     */
    private void refuseSummaryFilter(String filter) throws SourceException {
        RunFilter parsed;
        try {
            parsed = RunFilter.parse(filter);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (parsed.hasSummaries()) {
            throw new SourceException(describe(), "a tracking server cannot evaluate summary filters "
                    + parsed.summaryFields() + ": it compares each metric's latest value only. Filter on "
                    + "metrics.<key> (the latest value) here, or open the file store or mlflow.db directly to filter "
                    + "on full-history summaries");
        }
    }

    /** A filter string literal: single quotes unless the value has one. */
    static String quote(String value) {
        return value.contains("'") ? "\"" + value.replace("\"", "\\\"") + "\"" : "'" + value + "'";
    }

    @Override
    public ModelVersion getModelVersion(String name, String version) throws SourceException {
        JsonNode resp = http.get("model-versions/get", Map.of("name", name, "version", version));
        return mapped("model-versions/get", () -> MlflowJsonMapper.modelVersion(resp.path("model_version"), null));
    }

    @Override
    public ModelVersion getModelVersionByAlias(String name, String alias) throws SourceException {
        JsonNode resp = http.get("registered-models/alias", Map.of("name", name, "alias", alias));
        return mapped("registered-models/alias", () -> MlflowJsonMapper.modelVersion(resp.path("model_version"), null));
    }

    @Override
    public List<LoggedModel> searchLoggedModels(List<String> experimentIds) throws SourceException {
        List<LoggedModel> out = new ArrayList<>();
        if (experimentIds.isEmpty()) {
            return out;
        }
        String token = null;
        do {
            ObjectNode body = http.newBody();
            ArrayNode ids = body.putArray("experiment_ids");
            experimentIds.forEach(ids::add);
            body.put("max_results", 100);
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode resp = http.post("logged-models/search", body);
            for (JsonNode m : resp.path("models")) {
                out.add(mapped("logged-models/search", () -> MlflowJsonMapper.loggedModel(m)));
            }
            token = MlflowJsonMapper.nextToken(resp);
        } while (token != null);
        return out;
    }

    @Override
    public LoggedModel getLoggedModel(String modelId) throws SourceException {
        if (modelId == null || !modelId.matches("[A-Za-z0-9_.-]+")) {
            throw new SourceException(config.base(), "invalid logged model id '" + modelId + "'");
        }
        JsonNode resp = http.get("logged-models/" + modelId, Map.of());
        return mapped("logged-models/" + modelId, () -> MlflowJsonMapper.loggedModel(resp.path("model")));
    }

    @Override
    public List<DatasetInput> getDatasetInputs(String runId) throws SourceException {
        JsonNode resp = http.get("runs/get", Map.of("run_id", runId));
        return mapped("runs/get", () -> MlflowJsonMapper.datasetInputs(resp.path("run")));
    }

    private <T> T mapped(String endpoint, java.util.function.Supplier<T> map) throws SourceException {
        try {
            return map.get();
        } catch (RuntimeException ex) {
            throw new SourceException(http.url(endpoint), "unreadable answer: " + ex.getMessage(), ex);
        }
    }
}
