package dev.handoff.ui;

import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.DatasetInput;
import dev.handoff.runs.LoggedModel;
import dev.handoff.runs.LoggedModelMetric;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Metric;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.Tag;
import dev.handoff.runs.ViewType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only source with realistic credit-risk runs: a few experiments, sweeps of nested child runs, per-step
 * loss / val_loss / val_auc histories (a loss spike, a NaN), params, artifacts and one unreadable run.
 * Supports a small MLflow filter subset ({@code metrics.k op n}, {@code params.k = 'v'} joined by {@code and}).
 */
final class InMemoryRunSource implements RunSource {
    static final long T0 = 1_700_000_000_000L;
    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*(metrics|params|tags)\\.([\\w/.-]+)\\s*(=|!=|<=|>=|<|>)\\s*('([^']*)'|-?[0-9.eE+-]+)\\s*");

    private final List<Experiment> experiments = new ArrayList<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final Map<String, Integer> lengths = new HashMap<>();
    private final List<LoadProblem> problems = new ArrayList<>();
    /** When set, the second page of a search waits for it (lets tests observe a running load). */
    volatile CountDownLatch pageGate;
    /** When set, every page after the first fails like a server that went away. */
    volatile String failAfterFirstPage;
    /** When set, every metric-history read calls it first (lets tests block reads and count concurrent readers). */
    volatile HistoryHook historyHook;
    /** The Model Registry (null: this source has none, the registry methods say "not supported"). */
    private List<RegisteredModel> registered;
    private final Map<String, List<ModelVersion>> versions = new HashMap<>();
    private final List<LoggedModel> loggedModels = new ArrayList<>();
    private final Map<String, List<DatasetInput>> datasets = new HashMap<>();

    /** Runs inside {@link #getMetricHistory} before the history is returned. */
    interface HistoryHook {
        void reading(String runId, String metricKey) throws InterruptedException;
    }

    static InMemoryRunSource sample() {
        InMemoryRunSource s = new InMemoryRunSource();
        s.experiment("1", "credit-risk-baseline");
        s.experiment("2", "credit-risk-xgboost");
        s.experiment("3", "credit-risk-linear");
        Random rnd = new Random(42);
        s.run("1", "a0", "logreg-baseline", null, Map.of("model", "logreg", "learning_rate", "0.1", "l2", "0.01"), 120, rnd);
        s.run("1", "a1", "cart-depth-6", null, Map.of("model", "cart", "max_depth", "6"), 60, rnd);
        s.run("2", "b0", "xgb-sweep", null, Map.of("model", "xgboost", "sweep", "eta"), 0, rnd);
        String[] etas = {"0.03", "0.1", "0.3"};
        for (int i = 0; i < etas.length; i++) {
            s.run("2", "b" + (i + 1), "xgb-eta-" + etas[i], "b0",
                    Map.of("model", "xgboost", "eta", etas[i], "max_depth", String.valueOf(4 + i), "n_estimators", "300"),
                    150 + 50 * i, rnd);
        }
        s.run("3", "c0", "sgd-hinge", null, Map.of("model", "sgd", "learning_rate", "0.05", "loss_fn", "hinge"), 200, rnd);
        s.run("3", "c1", "sgd-log, \"tuned\"", null, Map.of("model", "sgd", "learning_rate", "0.01", "loss_fn", "log"), 90, rnd);
        s.problems.add(new LoadProblem("run", "b9", "/mlruns/2/b9/metrics/val_auc", 3, "truncated metric line"));
        s.registry();
        return s;
    }

    static final String LOGGED_MODEL = "m-0123456789abcdef0123456789abcdef";

    /**
     * credit-risk: version 1 from a0, 2 from b2 (@challenger, an MLflow 3 logged model), 3 from c0 (@champion);
     * fraud-screen: version 1 from a1. Run a0 used two datasets.
     */
    private void registry() {
        registered = List.of(
                new RegisteredModel("credit-risk", "Approves or declines credit applications", T0, T0 + 5000,
                        Map.of("owner", "risk-team"), Map.of("champion", "3", "challenger", "2")),
                new RegisteredModel("fraud-screen", null, T0, T0, Map.of(), Map.of()));
        versions.put("credit-risk", List.of(
                version("credit-risk", "1", "a0", null, Map.of(), List.of(), "logistic baseline"),
                version("credit-risk", "2", "b2", LOGGED_MODEL, Map.of("validated", "yes"), List.of("challenger"), null),
                version("credit-risk", "3", "c0", null, Map.of("handoff.checklist.status", "passed"), List.of("champion"),
                        "hinge SGD, signed off")));
        versions.put("fraud-screen", List.of(version("fraud-screen", "1", "a1", null, Map.of(), List.of(), null)));
        loggedModels.add(new LoggedModel(LOGGED_MODEL, "xgb-eta-0.1", "2", "b2", "READY", "classifier",
                "file:///mlruns/2/models/" + LOGGED_MODEL + "/artifacts", T0, T0, Map.of("eta", "0.1"),
                List.of(new LoggedModelMetric("val_auc", 0.91, T0, 149, "b2", "credit-test", "1f2e3d4c")), Map.of()));
        datasets.put("a0", List.of(
                new DatasetInput("credit-test", "1f2e3d4c", "local", "{\"uri\": \"data/test.csv\"}", null, null,
                        Map.of(DatasetInput.CONTEXT_TAG, "evaluation")),
                new DatasetInput("credit-train", "d43fc66c", "local", "{\"uri\": \"data/train.csv\"}", null,
                        "{\"num_rows\": 800}", Map.of(DatasetInput.CONTEXT_TAG, "training"))));
    }

    private static ModelVersion version(String name, String v, String run, String modelId, Map<String, String> tags,
                                        List<String> aliases, String description) {
        String source = modelId != null ? "models:/" + modelId : "runs:/" + run + "/model";
        return new ModelVersion(name, v, source, run, "READY", "None", description, T0 + Long.parseLong(v) * 86_400_000L,
                T0, tags, aliases, modelId);
    }

    @Override
    public List<RegisteredModel> listRegisteredModels() throws SourceException {
        return registered == null ? RunSource.super.listRegisteredModels() : registered;
    }

    @Override
    public List<ModelVersion> listModelVersions(String name) throws SourceException {
        if (registered == null) {
            return RunSource.super.listModelVersions(name);
        }
        return versions.getOrDefault(name, List.of());
    }

    @Override
    public List<LoggedModel> searchLoggedModels(List<String> experimentIds) throws SourceException {
        if (registered == null) {
            return RunSource.super.searchLoggedModels(experimentIds);
        }
        return loggedModels.stream().filter(m -> experimentIds.contains(m.experimentId())).toList();
    }

    @Override
    public List<DatasetInput> getDatasetInputs(String runId) throws SourceException {
        if (registered == null) {
            return RunSource.super.getDatasetInputs(runId);
        }
        return datasets.getOrDefault(runId, List.of());
    }

    /** {@code n} flat runs spread over 4 experiments, short histories. */
    static InMemoryRunSource generated(int n) {
        InMemoryRunSource s = new InMemoryRunSource();
        for (int e = 0; e < 4; e++) {
            s.experiment(String.valueOf(e), "bulk-" + e);
        }
        Random rnd = new Random(7);
        for (int i = 0; i < n; i++) {
            s.run(String.valueOf(i % 4), String.format(Locale.ROOT, "g%05d", i), "run-" + i, null,
                    Map.of("learning_rate", String.valueOf(0.001 * (1 + i % 50)), "seed", String.valueOf(i)), 50, rnd);
        }
        return s;
    }

    private void experiment(String id, String name) {
        experiments.add(new Experiment(id, name, "file:///mlruns/" + id, LifecycleStage.ACTIVE, T0, T0, Map.of()));
    }

    private void run(String exp, String id, String name, String parent, Map<String, String> params, int steps, Random rnd) {
        Map<String, String> tags = new HashMap<>();
        tags.put(Tag.USER, "dana");
        if (parent != null) {
            tags.put(Tag.PARENT_RUN_ID, parent);
        }
        long start = T0 + runs.size() * 3_600_000L;
        Map<String, Metric> latest = new HashMap<>();
        lengths.put(id, steps);
        runs.put(id, new Run(new RunInfo(id, name, exp, "dana", RunStatus.FINISHED, start, start + 60_000L + steps * 1000L,
                "file:///mlruns/" + exp + "/" + id + "/artifacts", LifecycleStage.ACTIVE), params, tags, latest));
        if (steps > 0) {
            for (String key : List.of("loss", "val_loss", "val_auc")) {
                MetricSeries h = history(id, key);
                latest.put(key, h.latest());
            }
            runs.put(id, new Run(runs.get(id).info(), params, tags, latest));
        }
    }

    @Override
    public String describe() {
        return "in-memory test store (" + runs.size() + " runs)";
    }

    @Override
    public ExperimentList listExperiments(ViewType viewType) {
        return new ExperimentList(experiments, List.of());
    }

    @Override
    public RunPage searchRuns(RunQuery query) throws SourceException {
        List<Run> matching = new ArrayList<>();
        for (Run r : runs.values()) {
            if (query.experimentIds().contains(r.info().experimentId()) && matches(r, query.filter())) {
                matching.add(r);
            }
        }
        int offset = query.pageToken() == null ? 0 : Integer.parseInt(query.pageToken());
        if (offset > 0 && failAfterFirstPage != null) {
            throw new SourceException("http://127.0.0.1:1/api/2.0/mlflow/runs/search", failAfterFirstPage);
        }
        if (offset > 0 && pageGate != null) {
            try {
                if (!pageGate.await(30, TimeUnit.SECONDS)) {
                    throw new SourceException(describe(), "page gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(describe(), "cancelled");
            }
        }
        int end = Math.min(matching.size(), offset + query.maxResults());
        String next = end < matching.size() ? String.valueOf(end) : null;
        List<LoadProblem> pageProblems = offset == 0 ? problems : List.of();
        return new RunPage(matching.subList(offset, end), pageProblems, next);
    }

    private boolean matches(Run run, String filter) throws SourceException {
        if (filter.isBlank()) {
            return true;
        }
        for (String clause : filter.split("(?i)\\s+and\\s+")) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                throw new SourceException(describe(), "invalid filter clause '" + clause.trim()
                        + "': expected e.g. metrics.val_auc > 0.8 or params.model = 'xgboost'");
            }
            String kind = m.group(1);
            String key = m.group(2);
            String op = m.group(3);
            if (kind.equals("metrics")) {
                Metric v = run.latestMetrics().get(key);
                if (v == null || !compare(Double.compare(v.value(), Double.parseDouble(m.group(4))), op)) {
                    return false;
                }
            } else {
                String v = (kind.equals("params") ? run.params() : run.tags()).get(key);
                String want = m.group(5) != null ? m.group(5) : m.group(4);
                if (v == null || !compare(v.compareTo(want), op)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean compare(int c, String op) {
        return switch (op) {
            case "=" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    @Override
    public Run getRun(String runId) throws SourceException {
        Run r = runs.get(runId);
        if (r == null) {
            throw new SourceException(describe(), "no run " + runId);
        }
        return r;
    }

    /** Deterministic per (run, key): loss decays with noise and a spike, val_auc rises, one NaN in val_loss. */
    @Override
    public MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException {
        if (!runs.containsKey(runId)) {
            throw new SourceException(describe(), "no run " + runId);
        }
        HistoryHook hook = historyHook;
        if (hook != null) {
            try {
                hook.reading(runId, metricKey);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException(describe(), "cancelled");
            }
        }
        return history(runId, metricKey);
    }

    private MetricSeries history(String runId, String metricKey) {
        Run run = runs.get(runId);
        int n = lengths.get(runId);
        Random rnd = new Random((runId + metricKey).hashCode());
        double rate = 0.01 + (Math.abs(runId.hashCode()) % 7) * 0.004;
        long[] steps = new long[n];
        double[] values = new double[n];
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            ts[i] = run.info().startTime() + 1000L * i;
            double decay = Math.exp(-rate * i);
            values[i] = switch (metricKey) {
                case "val_auc" -> 0.5 + 0.4 * (1 - decay) + rnd.nextGaussian() * 0.01;
                case "val_loss" -> 0.3 + 0.5 * decay + rnd.nextGaussian() * 0.02;
                default -> 0.1 + 0.6 * decay + Math.abs(rnd.nextGaussian()) * 0.05 + (i == n / 3 ? 1.5 : 0);
            };
        }
        if (metricKey.equals("val_loss") && n > 10) {
            values[7] = Double.NaN;
        }
        return new MetricSeries(runId, metricKey, steps, values, ts);
    }

    @Override
    public List<ArtifactRef> listArtifacts(String runId, String path) {
        if (path.isEmpty()) {
            return List.of(new ArtifactRef(runId, "model", true, -1), new ArtifactRef(runId, "confusion.png", false, 2048));
        }
        if (path.equals("model")) {
            return List.of(new ArtifactRef(runId, "model/MLmodel", false, 412), new ArtifactRef(runId, "model/model.pb", false, 90_210));
        }
        return List.of();
    }

    @Override
    public InputStream openArtifact(String runId, String path) {
        return new ByteArrayInputStream(("artifact " + path).getBytes(StandardCharsets.UTF_8));
    }
}
