package dev.handoff.runs.source.file;

import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.Tag;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Writes experiments and runs in MLflow's file-store layout ({@code mlruns/}), byte for byte as MLflow's
 * {@code FileStore} writes them, for <em>generated</em> stores only: the bundled sample project's training recipe,
 * test fixtures and benchmark stores ({@link SyntheticStore}). The workbench itself never writes through this class:
 * its sources are read-only and it never rewrites a scientist's runs.
 *
 * <p>What is written, following MLflow's {@code file_store.py}:
 * <ul>
 *   <li>A new store gets the {@code Default} experiment {@code 0} and an empty {@code .trash/} folder.</li>
 *   <li>{@code <exp>/meta.yaml}: {@code artifact_location, creation_time, experiment_id, last_update_time,
 *       lifecycle_stage, name} (keys sorted, PyYAML quoting: {@code experiment_id: '1'}); tags in {@code <exp>/tags/}.</li>
 *   <li>{@code <exp>/<run>/meta.yaml}: {@code artifact_uri, [deleted_time,] end_time, entry_point_name,
 *       experiment_id, lifecycle_stage, run_id, run_name, run_uuid, source_name, source_type, source_version,
 *       start_time, status, tags, user_id}; {@code status} is the integer code (RUNNING=1 … KILLED=5), a running run
 *       has {@code end_time: null}; {@code deleted_time} appears only once the run is deleted (MLflow writes
 *       {@code deleted_time: null} on creation but rewrites meta.yaml without it when it sets {@code mlflow.runName}
 *       right after).</li>
 *   <li>{@code params/<key>} and {@code tags/<key>}: the value as is, no trailing newline. Keys containing
 *       {@code /} become sub-folders.</li>
 *   <li>Deleting: a run stays in place with {@code lifecycle_stage: deleted} and {@code deleted_time}; a deleted
 *       experiment moves into {@code .trash/} with its runs marked deleted.</li>
 *   <li>{@code metrics/<key>}: one line {@code timestamp value step} per point, appended; values formatted like
 *       Python's {@code repr(float)} ({@code 0.5}, {@code 1e-05}, {@code nan}).</li>
 * </ul>
 *
 * <p>Artifact locations: MLflow stores the absolute {@code file://} URI of the artifact folder and never resolves it
 * again, so a store moved to another folder or machine points at artifacts that are not there (mlflow issue #3144).
 * {@link ArtifactLocations#ABSOLUTE_FILE_URI} does what MLflow does; {@link ArtifactLocations#RELATIVE_TO_STORE_PARENT}
 * writes {@code mlruns/<exp>/<run>/artifacts}, a plain relative path that MLflow's local artifact repository resolves
 * against its working directory (start {@code mlflow ui} in the folder holding {@code mlruns/}) and that a reader
 * resolves against the store's parent folder. Stores committed to a repository use the relative form.
 *
 * <p>Single files ({@code meta.yaml}, params, tags, artifacts written here) are written to a temporary file in the
 * same folder and moved into place atomically; metric points are appended, as MLflow appends them. Not thread-safe.
 */
public final class FileStoreWriter {

    /** How {@code artifact_location} / {@code artifact_uri} are written. */
    public enum ArtifactLocations {
        /** {@code file:///abs/path/mlruns/1/<run>/artifacts}, as MLflow writes it. */
        ABSOLUTE_FILE_URI,
        /** {@code mlruns/1/<run>/artifacts}, relative to the folder that holds the store: portable. */
        RELATIVE_TO_STORE_PARENT
    }

    /** MLflow's {@code SourceType.LOCAL}, written as {@code source_type} in every run's meta.yaml. */
    static final int SOURCE_TYPE_LOCAL = 4;
    static final String META = "meta.yaml";
    static final String DEFAULT_EXPERIMENT_ID = "0";
    static final String DEFAULT_EXPERIMENT_NAME = "Default";

    /** MLflow's {@code _validate_metric_name} / param / tag key rule. */
    private static final Pattern KEY = Pattern.compile("[\\w\\-. /]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern RUN_ID = Pattern.compile("[a-zA-Z0-9][\\w\\-]{0,255}");
    private static final Pattern EXPERIMENT_ID = Pattern.compile("[0-9]+");

    private final Path root;
    private final ArtifactLocations artifactLocations;

    private FileStoreWriter(Path root, ArtifactLocations artifactLocations) {
        this.root = root;
        this.artifactLocations = artifactLocations;
    }

    /** Opens (or creates, like MLflow, with the Default experiment 0) a store writing absolute {@code file://} URIs. */
    public static FileStoreWriter open(Path root, long now) throws IOException {
        return open(root, ArtifactLocations.ABSOLUTE_FILE_URI, now);
    }

    /**
     * Opens a store, creating it when {@code root} does not exist: MLflow's {@code FileStore.__init__} creates the
     * {@code Default} experiment {@code 0} (created at {@code now}) and {@code .trash/}.
     */
    public static FileStoreWriter open(Path root, ArtifactLocations artifactLocations, long now) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(artifactLocations, "artifactLocations");
        Path abs = root.toAbsolutePath().normalize();
        if (abs.getFileName() == null) {
            throw new IllegalArgumentException("store root must not be the file system root: " + root);
        }
        FileStoreWriter w = new FileStoreWriter(abs, artifactLocations);
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IOException(abs + " exists and is not a directory");
        }
        if (!Files.exists(abs)) {
            Files.createDirectories(abs);
            w.createExperiment(DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME, now, Map.of());
        }
        Files.createDirectories(abs.resolve(".trash"));
        return w;
    }

    public Path root() {
        return root;
    }

    public ArtifactLocations artifactLocations() {
        return artifactLocations;
    }

    /**
     * Creates an experiment with the next free integer id ({@code 1}, {@code 2}, ...) and returns the id. (MLflow 1.x
     * numbered experiments this way; MLflow 2+ draws a large random integer. Both are valid ids for every reader.)
     */
    public String createExperiment(String name, long creationTime, Map<String, String> tags) throws IOException {
        long max = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p) && EXPERIMENT_ID.matcher(n).matches()) {
                    max = Math.max(max, Long.parseLong(n));
                }
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve(".trash"))) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (EXPERIMENT_ID.matcher(n).matches()) {
                    max = Math.max(max, Long.parseLong(n));
                }
            }
        } catch (java.nio.file.NoSuchFileException ignored) {
            // no trash folder yet: nothing deleted
        }
        String id = Long.toString(max + 1);
        createExperiment(id, name, creationTime, tags);
        return id;
    }

    /** Creates an experiment with an explicit integer id; fails if the id or the name is taken. */
    public void createExperiment(String experimentId, String name, long creationTime, Map<String, String> tags)
            throws IOException {
        if (!EXPERIMENT_ID.matcher(experimentId).matches()) {
            throw new IllegalArgumentException("experiment id must be an integer, got '" + experimentId + "'");
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("experiment name must not be empty");
        }
        Path dir = root.resolve(experimentId);
        if (Files.exists(dir) || Files.exists(root.resolve(".trash").resolve(experimentId))) {
            throw new IOException("experiment " + experimentId + " already exists in " + root);
        }
        String nameLine = "name: " + MlflowYaml.scalar(name);
        for (Path folder : List.of(root, root.resolve(".trash"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
                for (Path exp : ds) {
                    Path meta = exp.resolve(META);
                    if (Files.isRegularFile(meta) && Files.readAllLines(meta, StandardCharsets.UTF_8).contains(nameLine)) {
                        throw new IOException("an experiment named '" + name + "' already exists: " + meta);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("artifact_location", experimentArtifactLocation(experimentId));
        meta.put("creation_time", creationTime);
        meta.put("experiment_id", experimentId);
        meta.put("last_update_time", creationTime);
        meta.put("lifecycle_stage", LifecycleStage.ACTIVE.mlflowName());
        meta.put("name", name);
        writeAtomically(dir.resolve(META), MlflowYaml.dump(meta));
        for (Map.Entry<String, String> t : (tags == null ? Map.<String, String>of() : tags).entrySet()) {
            setExperimentTag(experimentId, t.getKey(), t.getValue());
        }
    }

    /**
     * Deletes an experiment the way MLflow's {@code delete_experiment} does: its active runs get
     * {@code lifecycle_stage: deleted} and {@code deleted_time}, its meta.yaml gets {@code lifecycle_stage: deleted}
     * and a new {@code last_update_time}, and its folder moves into {@code .trash/}.
     */
    public void deleteExperiment(String experimentId, long deletionTime) throws IOException {
        if (DEFAULT_EXPERIMENT_ID.equals(experimentId)) {
            throw new IllegalArgumentException("the Default experiment 0 cannot be deleted (MLflow refuses it too)");
        }
        Path dir = experimentDir(experimentId);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path run : ds) {
                Path meta = run.resolve(META);
                if (!Files.isRegularFile(meta) || !RUN_ID.matcher(run.getFileName().toString()).matches()) {
                    continue;
                }
                List<String> lines = Files.readAllLines(meta, StandardCharsets.UTF_8);
                if (!lines.contains("lifecycle_stage: active")) {
                    continue;
                }
                StringBuilder sb = new StringBuilder();
                for (String line : lines) {
                    if (line.startsWith("deleted_time:")) {
                        continue;
                    }
                    if (line.startsWith("end_time:")) {
                        sb.append("deleted_time: ").append(deletionTime).append('\n');
                    }
                    sb.append(line.equals("lifecycle_stage: active") ? "lifecycle_stage: deleted" : line).append('\n');
                }
                writeAtomically(meta, sb.toString());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(dir.resolve(META), StandardCharsets.UTF_8)) {
            if (line.startsWith("last_update_time:")) {
                line = "last_update_time: " + deletionTime;
            } else if (line.equals("lifecycle_stage: active")) {
                line = "lifecycle_stage: deleted";
            }
            sb.append(line).append('\n');
        }
        writeAtomically(dir.resolve(META), sb.toString());
        Path trash = root.resolve(".trash");
        Files.createDirectories(trash);
        Files.move(dir, trash.resolve(experimentId));
    }

    /** Sets an experiment tag ({@code <exp>/tags/<key>}, no trailing newline). */
    public void setExperimentTag(String experimentId, String key, String value) throws IOException {
        Path dir = experimentDir(experimentId);
        writeAtomically(keyPath(dir.resolve("tags"), key, "tag"), Objects.requireNonNull(value, "value"));
    }

    /**
     * Starts a run: writes its meta.yaml (status RUNNING, {@code end_time: null}), creates
     * {@code metrics/}, {@code params/}, {@code artifacts/} and writes the tags plus {@code mlflow.runName}.
     *
     * @param runId a 32-hex-digit id; see {@link #newRunId(Random)}
     */
    public RunWriter startRun(String experimentId, String runId, String runName, String userId, long startTime,
                              Map<String, String> tags) throws IOException {
        Path expDir = experimentDir(experimentId);
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("invalid run id '" + runId + "'");
        }
        Path runDir = expDir.resolve(runId);
        if (Files.exists(runDir)) {
            throw new IOException("run " + runId + " already exists: " + runDir);
        }
        Map<String, String> allTags = new LinkedHashMap<>(tags == null ? Map.of() : tags);
        String tagName = allTags.get(Tag.RUN_NAME);
        if (runName != null && tagName != null && !runName.equals(tagName)) {
            throw new IllegalArgumentException("run_name '" + runName + "' differs from tag mlflow.runName '" + tagName + "'");
        }
        String name = runName != null ? runName : tagName;
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a run needs a name (run_name or the mlflow.runName tag)");
        }
        allTags.put(Tag.RUN_NAME, name);
        Files.createDirectories(runDir.resolve("metrics"));
        Files.createDirectories(runDir.resolve("params"));
        Files.createDirectories(runDir.resolve("artifacts"));
        RunWriter run = new RunWriter(experimentId, runId, name, userId == null ? "" : userId, startTime, runDir,
                experimentArtifactLocation(experimentId) + "/" + runId + "/artifacts");
        run.writeMeta();
        for (Map.Entry<String, String> t : allTags.entrySet()) {
            run.setTag(t.getKey(), t.getValue());
        }
        return run;
    }

    /** A random run id in MLflow's form ({@code uuid.uuid4().hex}); pass a seeded {@link Random} for reproducible ids. */
    public static String newRunId(Random random) {
        long hi = random.nextLong();
        long lo = random.nextLong();
        hi = (hi & ~0xF000L) | 0x4000L;                 // version 4
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return String.format("%016x%016x", hi, lo);
    }

    private Path experimentDir(String experimentId) throws IOException {
        Path dir = root.resolve(Objects.requireNonNull(experimentId, "experimentId"));
        if (!EXPERIMENT_ID.matcher(experimentId).matches() || !Files.isRegularFile(dir.resolve(META))) {
            throw new IOException("no experiment " + experimentId + " in " + root);
        }
        return dir;
    }

    private String experimentArtifactLocation(String experimentId) {
        if (artifactLocations == ArtifactLocations.RELATIVE_TO_STORE_PARENT) {
            return root.getFileName() + "/" + experimentId;
        }
        return fileUri(root) + "/" + experimentId;
    }

    /** {@code file:///abs/path} with percent-encoding, as Python's {@code pathlib.Path.as_uri()}. */
    static String fileUri(Path absolute) {
        String p = absolute.toString().replace('\\', '/');
        if (!p.startsWith("/")) {
            p = "/" + p; // Windows drive letter paths: file:///C:/...
        }
        try {
            return new URI("file", "", p, null, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot make a file URI of " + absolute, e);
        }
    }

    /** The file for a param/tag/metric key, which may contain '/' (sub-folders). Validated like MLflow. */
    static Path keyPath(Path folder, String key, String what) {
        Objects.requireNonNull(key, what + " key");
        if (key.isEmpty() || !KEY.matcher(key).matches() || key.startsWith("/") || key.endsWith("/")
                || key.contains("//")) {
            throw new IllegalArgumentException("invalid " + what + " key '" + key
                    + "': use letters, digits, '_', '-', '.', ' ' and '/' (not leading or trailing)");
        }
        for (String part : key.split("/")) {
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("invalid " + what + " key '" + key + "': '.' and '..' are not allowed");
            }
        }
        return folder.resolve(key);
    }

    static void writeAtomically(Path target, String content) throws IOException {
        writeAtomically(target, content.getBytes(StandardCharsets.UTF_8));
    }

    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Appends metric lines {@code timestamp value step} for whole arrays, in one write. */
    static void appendMetricLines(Path file, long[] steps, double[] values, long[] timestamps) throws IOException {
        if (steps.length != values.length || steps.length != timestamps.length) {
            throw new IllegalArgumentException("metric arrays differ in length for " + file);
        }
        StringBuilder sb = new StringBuilder(steps.length * 32);
        for (int i = 0; i < steps.length; i++) {
            sb.append(timestamps[i]).append(' ').append(PythonFloats.repr(values[i])).append(' ').append(steps[i]).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.write(file, sb.toString().getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Writes one run: params, tags, metrics, artifacts, then {@link #finish}. */
    public final class RunWriter {
        private final String experimentId;
        private final String runId;
        private final String userId;
        private final long startTime;
        private final Path runDir;
        private final String artifactUri;
        private String runName;
        private RunStatus status = RunStatus.RUNNING;
        private Long endTime;
        private LifecycleStage lifecycleStage = LifecycleStage.ACTIVE;
        private Long deletedTime;
        private boolean running = true;

        private RunWriter(String experimentId, String runId, String runName, String userId, long startTime,
                          Path runDir, String artifactUri) {
            this.experimentId = experimentId;
            this.runId = runId;
            this.runName = runName;
            this.userId = userId;
            this.startTime = startTime;
            this.runDir = runDir;
            this.artifactUri = artifactUri;
        }

        public String runId() {
            return runId;
        }

        public String experimentId() {
            return experimentId;
        }

        public Path runDir() {
            return runDir;
        }

        /** The folder behind {@code artifact_uri} (always {@code <run>/artifacts} in stores this class writes). */
        public Path artifactDir() {
            return runDir.resolve("artifacts");
        }

        /** The value written as {@code artifact_uri}. */
        public String artifactUri() {
            return artifactUri;
        }

        /** Logs a param; as in MLflow, logging a key again with a different value fails. */
        public RunWriter logParam(String key, String value) throws IOException {
            Objects.requireNonNull(value, "value of param " + key);
            Path p = keyPath(runDir.resolve("params"), key, "param");
            if (Files.exists(p)) {
                String old = Files.readString(p, StandardCharsets.UTF_8);
                if (!old.equals(value)) {
                    throw new IllegalStateException("param '" + key + "' of run " + runId + " was already logged as '"
                            + old + "'; params are immutable (attempted '" + value + "')");
                }
                return this;
            }
            writeAtomically(p, value);
            return this;
        }

        /** Sets a tag; setting {@code mlflow.runName} also renames the run in meta.yaml, as MLflow does. */
        public RunWriter setTag(String key, String value) throws IOException {
            Objects.requireNonNull(value, "value of tag " + key);
            writeAtomically(keyPath(runDir.resolve("tags"), key, "tag"), value);
            if (Tag.RUN_NAME.equals(key) && !value.equals(runName)) {
                runName = value;
                writeMeta();
            }
            return this;
        }

        /** Appends one point {@code timestamp value step} to {@code metrics/<key>}. */
        public RunWriter logMetric(String key, double value, long timestamp, long step) throws IOException {
            return logMetricHistory(key, new long[]{step}, new double[]{value}, new long[]{timestamp});
        }

        /** Appends many points of one metric in one write (the fast path for generated stores). */
        public RunWriter logMetricHistory(String key, long[] steps, double[] values, long[] timestamps) throws IOException {
            appendMetricLines(keyPath(runDir.resolve("metrics"), key, "metric"), steps, values, timestamps);
            return this;
        }

        /**
         * The file for an artifact at {@code relativePath} ('/'-separated) under {@link #artifactDir()}, parent
         * folders created, for writers that need a path (e.g. {@code Model.serializeToFile}).
         */
        public Path artifactPath(String relativePath) throws IOException {
            Objects.requireNonNull(relativePath, "relativePath");
            Path base = artifactDir();
            Path p = base.resolve(relativePath).normalize();
            if (relativePath.isEmpty() || relativePath.startsWith("/") || !p.startsWith(base) || p.equals(base)) {
                throw new IllegalArgumentException("artifact path must be relative and inside the run: '" + relativePath + "'");
            }
            Files.createDirectories(p.getParent());
            return p;
        }

        /** Writes an artifact atomically. */
        public Path writeArtifact(String relativePath, byte[] content) throws IOException {
            Path p = artifactPath(relativePath);
            writeAtomically(p, content);
            return p;
        }

        /** Ends the run: status (FINISHED, FAILED, KILLED) and end time. */
        public void finish(RunStatus finalStatus, long endTimeMillis) throws IOException {
            if (!running) {
                throw new IllegalStateException("run " + runId + " has already ended");
            }
            if (finalStatus == RunStatus.RUNNING || finalStatus == RunStatus.SCHEDULED) {
                throw new IllegalArgumentException("a run ends FINISHED, FAILED or KILLED, not " + finalStatus);
            }
            status = finalStatus;
            endTime = endTimeMillis;
            running = false;
            writeMeta();
        }

        /** Marks the run deleted ({@code lifecycle_stage: deleted}, {@code deleted_time}); it stays in its folder. */
        public void delete(long deletedTimeMillis) throws IOException {
            lifecycleStage = LifecycleStage.DELETED;
            deletedTime = deletedTimeMillis;
            writeMeta();
        }

        private void writeMeta() throws IOException {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("artifact_uri", artifactUri);
            if (deletedTime != null) {
                meta.put("deleted_time", deletedTime);
            }
            meta.put("end_time", endTime);
            meta.put("entry_point_name", "");
            meta.put("experiment_id", experimentId);
            meta.put("lifecycle_stage", lifecycleStage.mlflowName());
            meta.put("run_id", runId);
            meta.put("run_name", runName);
            meta.put("run_uuid", runId);
            meta.put("source_name", "");
            meta.put("source_type", SOURCE_TYPE_LOCAL);
            meta.put("source_version", "");
            meta.put("start_time", startTime);
            meta.put("status", status.code());
            meta.put("tags", List.of());
            meta.put("user_id", userId);
            writeAtomically(runDir.resolve(META), MlflowYaml.dump(meta));
        }
    }
}
