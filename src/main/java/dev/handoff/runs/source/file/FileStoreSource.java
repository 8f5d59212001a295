package dev.handoff.runs.source.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.DatasetInput;
import dev.handoff.runs.LoggedModel;
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
import dev.handoff.runs.ViewType;
import dev.handoff.runs.query.LocalSearch;
import dev.handoff.runs.query.SummaryCache;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Reads an MLflow file store ({@code mlruns/}) read-only, exactly as MLflow lays it out:
 * {@code <exp_id>/meta.yaml}, {@code <exp_id>/tags/}, {@code <exp_id>/<run_id>/meta.yaml}, {@code params/},
 * {@code tags/}, {@code metrics/} (keys with '/' are sub-folders), {@code artifacts/}; deleted experiments under
 * {@code .trash/}. The Model Registry ({@code models/} at the root), MLflow 3 logged models ({@code <exp>/models/})
 * and dataset inputs ({@code <exp>/datasets/}, {@code <run>/inputs/}) are read by {@link RegistryFiles}; none of them
 * is taken for an experiment or a run. A run or experiment that cannot be read becomes a {@link LoadProblem} naming the file and line
 * while every other one still loads.
 */
public final class FileStoreSource implements RunSource {
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-fA-F]{32}");
    /** Folders inside an experiment that are not runs (MLflow 3 logged models, datasets, traces, tags). */
    private static final java.util.Set<String> NOT_RUNS = java.util.Set.of("tags", "models", "datasets", "traces");
    private static final String TRASH = ".trash";

    private final Path root;
    /** Full-history summaries for summary filters ({@code metrics.val_auc.max > 0.8}), each history read once. */
    private final SummaryCache summaries = new SummaryCache(this::getMetricHistory, 50_000);
    private final int threads;
    /** Last search load, reused while its page tokens are followed. */
    private volatile CachedLoad lastLoad;

    private record CachedLoad(List<String> experimentIds, ViewType viewType, List<Run> runs, List<LoadProblem> problems) {
    }

    public FileStoreSource(Path root) throws SourceException {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        if (!Files.exists(this.root)) {
            throw new SourceException(this.root.toString(), "no such folder");
        }
        if (!Files.isDirectory(this.root)) {
            throw new SourceException(this.root.toString(), "not a folder (an MLflow file store is a folder such as mlruns/)");
        }
        this.threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "mlruns file store " + root;
    }

    // ------------------------------------------------------------------ experiments

    @Override
    public ExperimentList listExperiments(ViewType viewType) throws SourceException {
        List<Experiment> out = new ArrayList<>();
        List<LoadProblem> problems = new ArrayList<>();
        for (Path dir : experimentDirs(viewType)) {
            try {
                Experiment e = readExperiment(dir);
                if (viewType.includes(e.lifecycleStage())) {
                    out.add(e);
                }
            } catch (StoreReadException e) {
                problems.add(new LoadProblem("experiment", dir.getFileName().toString(), e.file().toString(), e.line(), e.getMessage()).logged(e));
            }
        }
        out.sort((a, b) -> compareIds(a.id(), b.id()));
        return new ExperimentList(out, problems);
    }

    private static int compareIds(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn && a.length() < 19 && b.length() < 19) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return a.compareTo(b);
    }

    /** Experiment folders: active ones at the root, deleted ones under .trash (only when the view includes them). */
    private List<Path> experimentDirs(ViewType viewType) throws SourceException {
        List<Path> dirs = new ArrayList<>(childDirs(root, name -> !name.equals(TRASH) && !name.equals("models") && !name.startsWith(".")));
        Path trash = root.resolve(TRASH);
        if (viewType != ViewType.ACTIVE_ONLY && Files.isDirectory(trash)) {
            dirs.addAll(childDirs(trash, name -> !name.startsWith(".")));
        }
        return dirs;
    }

    private List<Path> childDirs(Path dir, java.util.function.Predicate<String> accept) throws SourceException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && accept.test(p.getFileName().toString())) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new SourceException(dir.toString(), "cannot list folder: " + e.getMessage(), e);
        }
        out.sort(BY_NAME);
        return out;
    }

    private static final java.util.Comparator<Path> BY_NAME = java.util.Comparator.comparing(p -> p.getFileName().toString());

    private Experiment readExperiment(Path dir) throws StoreReadException {
        Path metaFile = dir.resolve("meta.yaml");
        if (!Files.exists(metaFile)) {
            throw new StoreReadException(metaFile, 0, "missing meta.yaml: not an MLflow experiment folder");
        }
        JsonNode meta = StoreFiles.readYaml(metaFile);
        String id = StoreFiles.requiredText(meta, metaFile, "experiment_id");
        String name = StoreFiles.requiredText(meta, metaFile, "name");
        LifecycleStage stage;
        try {
            stage = LifecycleStage.parse(StoreFiles.text(meta, "lifecycle_stage", "active"));
        } catch (IllegalArgumentException e) {
            throw new StoreReadException(metaFile, 0, e.getMessage());
        }
        if (dir.getParent().getFileName().toString().equals(TRASH)) {
            stage = LifecycleStage.DELETED;
        }
        Map<String, String> tags = StoreFiles.readKeyValues(dir.resolve("tags"));
        return new Experiment(id, name, StoreFiles.text(meta, "artifact_location", ""), stage,
                StoreFiles.time(meta, metaFile, "creation_time"), StoreFiles.time(meta, metaFile, "last_update_time"), tags);
    }

    private Path experimentDir(String experimentId) throws SourceException {
        if (experimentId.isEmpty() || experimentId.contains("/") || experimentId.contains("\\") || experimentId.startsWith(".")) {
            throw new SourceException(root.toString(), "invalid experiment id '" + experimentId + "'");
        }
        Path active = root.resolve(experimentId);
        if (Files.isDirectory(active)) {
            return active;
        }
        Path trashed = root.resolve(TRASH).resolve(experimentId);
        if (Files.isDirectory(trashed)) {
            return trashed;
        }
        throw new SourceException(root.toString(), "no experiment " + experimentId);
    }

    // ------------------------------------------------------------------ runs

    @Override
    public RunPage searchRuns(RunQuery query) throws SourceException {
        CachedLoad load = lastLoad;
        if (query.pageToken() == null || load == null || !load.experimentIds().equals(query.experimentIds())
                || load.viewType() != query.viewType()) {
            load = load(query.experimentIds(), query.viewType());
            lastLoad = load;
        }
        try {
            return LocalSearch.page(load.runs(), load.problems(), query, summaries);
        } catch (IllegalArgumentException e) {
            throw new SourceException(root.toString(), e.getMessage(), e);
        }
    }

    private CachedLoad load(List<String> experimentIds, ViewType viewType) throws SourceException {
        List<Path> runDirs = new ArrayList<>();
        List<LoadProblem> problems = Collections.synchronizedList(new ArrayList<>());
        for (String id : experimentIds) {
            Path expDir = experimentDir(id);
            runDirs.addAll(childDirs(expDir, name -> !NOT_RUNS.contains(name) && !name.startsWith(".")));
        }
        List<Run> runs = new ArrayList<>(runDirs.size());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, runDirs.size())), r -> {
            Thread t = new Thread(r, "mlruns-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Run>> futures = new ArrayList<>(runDirs.size());
            for (Path dir : runDirs) {
                futures.add(pool.submit(() -> {
                    if (Thread.currentThread().isInterrupted()) {
                        return null;
                    }
                    try {
                        return readRun(dir);
                    } catch (StoreReadException e) {
                        problems.add(new LoadProblem("run", dir.getFileName().toString(), e.file().toString(), e.line(), e.getMessage()).logged(e));
                        return null;
                    } catch (NotARun e) {
                        return null;
                    }
                }));
            }
            for (Future<Run> f : futures) {
                Run r = f.get();
                if (r != null) {
                    runs.add(r);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(root.toString(), "cancelled", e);
        } catch (ExecutionException e) {
            throw new SourceException(root.toString(), "reading runs failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<LoadProblem> sortedProblems = new ArrayList<>(problems);
        sortedProblems.sort(java.util.Comparator.comparing(LoadProblem::location));
        return new CachedLoad(List.copyOf(experimentIds), viewType, runs, sortedProblems);
    }

    /** A folder that is neither a run nor named like one (no meta.yaml, not a 32-hex id): skipped silently. */
    private static final class NotARun extends Exception {
        NotARun() {
            super(null, null, false, false);
        }
    }

    private Run readRun(Path dir) throws StoreReadException, NotARun {
        Path metaFile = dir.resolve("meta.yaml");
        if (!Files.exists(metaFile)) {
            if (RUN_ID.matcher(dir.getFileName().toString()).matches()) {
                throw new StoreReadException(metaFile, 0, "missing meta.yaml: run folder without its run info");
            }
            throw new NotARun();
        }
        JsonNode meta = StoreFiles.readYaml(metaFile);
        String runId = StoreFiles.requiredText(meta, metaFile, "run_id", "run_uuid");
        String folder = dir.getFileName().toString();
        if (!runId.equals(folder) && isNumber(meta, "run_id", "run_uuid") && sameNumber(runId, folder)) {
            runId = folder; // an all-digit id written without quotes parses as a number: the folder name is the id
        }
        String experimentId = StoreFiles.requiredText(meta, metaFile, "experiment_id");
        RunStatus status;
        LifecycleStage stage;
        try {
            status = RunStatus.parse(StoreFiles.requiredText(meta, metaFile, "status"));
            stage = LifecycleStage.parse(StoreFiles.text(meta, "lifecycle_stage", "active"));
        } catch (IllegalArgumentException e) {
            throw new StoreReadException(metaFile, 0, e.getMessage());
        }
        Map<String, String> params = StoreFiles.readKeyValues(dir.resolve("params"));
        Map<String, String> tags = StoreFiles.readKeyValues(dir.resolve("tags"));
        Map<String, Metric> metrics = new HashMap<>();
        Path metricsDir = dir.resolve("metrics");
        if (Files.isDirectory(metricsDir)) {
            for (Path f : StoreFiles.listFiles(metricsDir)) {
                String key = StoreFiles.keyOf(metricsDir, f);
                Metric m = MetricFiles.latest(f, key);
                if (m != null) {
                    metrics.put(key, m);
                }
            }
        }
        String runName = StoreFiles.text(meta, "run_name", "");
        RunInfo info = new RunInfo(runId, runName, experimentId, StoreFiles.text(meta, "user_id", ""), status,
                StoreFiles.time(meta, metaFile, "start_time"), StoreFiles.time(meta, metaFile, "end_time"),
                StoreFiles.text(meta, "artifact_uri", ""), stage);
        return new Run(info, params, tags, metrics);
    }

    private static boolean isNumber(JsonNode meta, String... keys) {
        for (String k : keys) {
            JsonNode v = meta.get(k);
            if (v != null && !v.isNull()) {
                return v.isNumber();
            }
        }
        return false;
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return new java.math.BigInteger(a).equals(new java.math.BigInteger(b));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public Run getRun(String runId) throws SourceException {
        Path dir = runDir(runId);
        try {
            return readRun(dir);
        } catch (StoreReadException e) {
            throw new SourceException(e.file().toString(), (e.line() > 0 ? "line " + e.line() + ": " : "") + e.getMessage(), e);
        } catch (NotARun e) {
            throw new SourceException(root.toString(), "no run " + runId + " in " + root);
        }
    }

    private Path runDir(String runId) throws SourceException {
        if (runId == null || runId.isEmpty() || runId.contains("/") || runId.contains("\\") || runId.startsWith(".")) {
            throw new SourceException(root.toString(), "invalid run id '" + runId + "'");
        }
        for (Path exp : experimentDirs(ViewType.ALL)) {
            Path candidate = exp.resolve(runId);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new SourceException(root.toString(), "no run " + runId + " in " + root);
    }

    @Override
    public MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException {
        Path metricsDir = runDir(runId).resolve("metrics");
        Path file = resolveInside(metricsDir, metricKey, "metric key");
        if (!Files.isRegularFile(file)) {
            throw new SourceException(file.toString(), "run " + runId + " has no metric '" + metricKey + "'");
        }
        try {
            return MetricFiles.history(file, runId, metricKey);
        } catch (StoreReadException e) {
            throw new SourceException(e.file().toString(), (e.line() > 0 ? "line " + e.line() + ": " : "") + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ registry, logged models, datasets

    @Override
    public List<RegisteredModel> listRegisteredModels() throws SourceException {
        List<RegisteredModel> out = new ArrayList<>();
        try {
            for (Path dir : RegistryFiles.subdirs(RegistryFiles.modelsDir(root))) {
                out.add(RegistryFiles.registeredModel(dir));
            }
        } catch (StoreReadException e) {
            throw asSourceException(e);
        }
        out.sort(java.util.Comparator.comparing(RegisteredModel::name));
        return out;
    }

    @Override
    public RegisteredModel getRegisteredModel(String name) throws SourceException {
        try {
            return RegistryFiles.registeredModel(registeredModelDir(name));
        } catch (StoreReadException e) {
            throw asSourceException(e);
        }
    }

    @Override
    public List<ModelVersion> listModelVersions(String name) throws SourceException {
        try {
            return RegistryFiles.versions(registeredModelDir(name));
        } catch (StoreReadException e) {
            throw asSourceException(e);
        }
    }

    private Path registeredModelDir(String name) throws SourceException {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new SourceException(root.toString(), "invalid registered model name '" + name + "'");
        }
        Path dir = RegistryFiles.modelsDir(root).resolve(name);
        if (!Files.isRegularFile(dir.resolve("meta.yaml"))) {
            throw new SourceException(root.toString(), "no registered model '" + name + "' in " + root);
        }
        return dir;
    }

    @Override
    public List<LoggedModel> searchLoggedModels(List<String> experimentIds) throws SourceException {
        List<LoggedModel> out = new ArrayList<>();
        for (String id : experimentIds) {
            try {
                out.addAll(RegistryFiles.loggedModels(experimentDir(id)));
            } catch (StoreReadException e) {
                throw asSourceException(e);
            }
        }
        return out;
    }

    @Override
    public List<DatasetInput> getDatasetInputs(String runId) throws SourceException {
        Path dir = runDir(runId);
        try {
            return RegistryFiles.datasetInputs(dir, dir.getParent());
        } catch (StoreReadException e) {
            throw asSourceException(e);
        }
    }

    private static SourceException asSourceException(StoreReadException e) {
        return new SourceException(e.file().toString(), (e.line() > 0 ? "line " + e.line() + ": " : "") + e.getMessage(), e);
    }

    // ------------------------------------------------------------------ artifacts

    /**
     * The run's artifact folder: the recorded {@code artifact_uri} when it exists on this machine, else the run's own
     * {@code artifacts/} folder (stores are copied between machines, so recorded absolute paths often point elsewhere).
     */
    Path artifactRoot(String runId) throws SourceException {
        Path dir = runDir(runId);
        Path local = dir.resolve("artifacts");
        try {
            JsonNode meta = StoreFiles.readYaml(dir.resolve("meta.yaml"));
            String uri = StoreFiles.text(meta, "artifact_uri", "");
            Path recorded = toPath(uri);
            if (recorded != null && Files.isDirectory(recorded)) {
                return recorded.toAbsolutePath().normalize();
            }
        } catch (StoreReadException e) {
            throw new SourceException(e.file().toString(), e.getMessage(), e);
        }
        return local;
    }

    private static Path toPath(String uri) {
        if (uri == null || uri.isEmpty()) {
            return null;
        }
        try {
            if (uri.startsWith("file:")) {
                return Paths.get(URI.create(uri));
            }
            if (uri.contains("://") || uri.startsWith("mlflow-artifacts:")) {
                return null;
            }
            return Paths.get(uri);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    @Override
    public List<ArtifactRef> listArtifacts(String runId, String path) throws SourceException {
        Path base = artifactRoot(runId);
        Path dir = path == null || path.isEmpty() ? base : resolveInside(base, path, "artifact path");
        if (!Files.exists(dir)) {
            if (path == null || path.isEmpty()) {
                return List.of();
            }
            throw new SourceException(dir.toString(), "no artifact '" + path + "' in run " + runId);
        }
        if (!Files.isDirectory(dir)) {
            throw new SourceException(dir.toString(), "artifact '" + path + "' is a file, not a folder");
        }
        List<ArtifactRef> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                boolean isDir = Files.isDirectory(p);
                out.add(new ArtifactRef(runId, StoreFiles.keyOf(base, p), isDir, isDir ? -1 : Files.size(p)));
            }
        } catch (IOException e) {
            throw new SourceException(dir.toString(), "cannot list artifacts: " + e.getMessage(), e);
        }
        out.sort(java.util.Comparator.comparing(ArtifactRef::path));
        return out;
    }

    @Override
    public InputStream openArtifact(String runId, String path) throws SourceException {
        Path base = artifactRoot(runId);
        Path file = resolveInside(base, path, "artifact path");
        if (!Files.isRegularFile(file)) {
            throw new SourceException(file.toString(), "no artifact file '" + path + "' in run " + runId);
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new SourceException(file.toString(), "cannot open artifact: " + e.getMessage(), e);
        }
    }

    /** Resolves a '/'-separated relative path under base, refusing anything that escapes it. */
    private static Path resolveInside(Path base, String relative, String what) throws SourceException {
        if (relative == null || relative.isEmpty() || relative.startsWith("/") || relative.contains("\\")) {
            throw new SourceException(base.toString(), "invalid " + what + " '" + relative + "'");
        }
        Path p = base;
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new SourceException(base.toString(), "invalid " + what + " '" + relative + "': must not contain '..' or empty parts");
            }
            p = p.resolve(part);
        }
        Path norm = p.normalize();
        if (!norm.startsWith(base.normalize())) {
            throw new SourceException(base.toString(), "invalid " + what + " '" + relative + "': escapes " + base);
        }
        return norm;
    }
}
