package dev.handoff.runs.source.sqlite;

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
import dev.handoff.runs.query.RunOrdering;
import dev.handoff.runs.query.RunFilter;
import dev.handoff.runs.query.RunField;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads MLflow's SQLite tracking store ({@code mlflow.db}, MLflow's SQLAlchemy schema) strictly read-only.
 *
 * <p>Value encoding of the SQL store: a NaN is stored as {@code value = 0, is_nan = 1}, and ±infinity is clamped to
 * ±{@link Double#MAX_VALUE} when logged. This source restores both, so histories read here match what was logged
 * (a finite value of exactly ±{@code Double.MAX_VALUE} is therefore read as ±infinity).
 *
 * <p>Artifacts are read from the run's {@code artifact_uri} when it is a local path or {@code file:} URI; a path that
 * no longer exists (store copied from another machine) is looked up relative to the database's folder.
 * {@code mlflow-artifacts:} and remote URIs are only reachable through a tracking server.
 *
 * <p>Each call opens its own read-only connection, so the source is safe to use from several threads. One more
 * read-only connection stays open while the source is, to see when the database changes ({@link SearchCache}).
 */
public final class SqliteStoreSource implements RunSource {
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> REQUIRED_TABLES = List.of(
            "experiments", "experiment_tags", "runs", "params", "tags", "metrics", "latest_metrics");
    private static final String RUN_COLUMNS = "r.run_uuid, r.name, r.experiment_id, r.user_id, r.status, "
            + "r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";

    private final Path db;
    /** Full-history summaries for summary filters ({@code metrics.val_auc.max > 0.8}), each history read once. */
    private final SummaryCache summaries = new SummaryCache(this::getMetricHistory, 50_000);
    private final String url;
    private final SearchCache cache = new SearchCache(this::connect);

    /**
     * Opens {@code db} and checks that it is an MLflow tracking database.
     *
     * @throws SourceException naming the path when the file is missing, empty, not SQLite, corrupt or lacks MLflow's
     *                         tables
     */
    public SqliteStoreSource(Path db) throws SourceException {
        this.db = db.toAbsolutePath().normalize();
        this.url = "jdbc:sqlite:" + this.db;
        checkFile();
        try (Connection c = connect()) {
            Set<String> tables = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM sqlite_master WHERE type = 'table'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            List<String> missing = REQUIRED_TABLES.stream().filter(t -> !tables.contains(t)).toList();
            if (!missing.isEmpty()) {
                throw new SourceException(this.db.toString(), "not an MLflow tracking database: missing table(s) "
                        + String.join(", ", missing));
            }
        } catch (SQLException e) {
            throw sqlProblem("cannot read the database", e);
        }
    }

    private void checkFile() throws SourceException {
        String where = db.toString();
        if (!Files.exists(db)) {
            throw new SourceException(where, "no such file");
        }
        if (Files.isDirectory(db)) {
            throw new SourceException(where, "is a folder, not an MLflow SQLite database file");
        }
        byte[] head = new byte[SQLITE_HEADER.length];
        int n;
        try (InputStream in = Files.newInputStream(db)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new SourceException(where, "cannot read the file: " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new SourceException(where, "empty file, not an MLflow SQLite database");
        }
        if (n < head.length || !Arrays.equals(head, SQLITE_HEADER)) {
            throw new SourceException(where, "not an SQLite database (the file does not start with the SQLite header)");
        }
    }

    @Override
    public void close() throws SourceException {
        try {
            cache.close();
        } catch (SQLException e) {
            throw sqlProblem("cannot close the database", e);
        }
    }

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        return config.createConnection(url);
    }

    private SourceException sqlProblem(String what, SQLException e) {
        return new SourceException(db.toString(), what + ": " + e.getMessage(), e);
    }

    /** The {@code mlflow.db} file (absolute). */
    public Path database() {
        return db;
    }

    @Override
    public String describe() {
        return "MLflow SQLite store " + db;
    }

    // ---------------------------------------------------------------- experiments

    @Override
    public ExperimentList listExperiments(ViewType viewType) throws SourceException {
        List<Experiment> experiments = new ArrayList<>();
        List<LoadProblem> problems = new ArrayList<>();
        try (Connection c = connect()) {
            Map<String, Map<String, String>> tags = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT experiment_id, key, value FROM experiment_tags");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(rs.getString(2), nullToEmpty(rs.getString(3)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT experiment_id, name, artifact_location, "
                    + "lifecycle_stage, creation_time, last_update_time FROM experiments ORDER BY experiment_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    try {
                        LifecycleStage stage = LifecycleStage.parse(rs.getString(4));
                        if (viewType.includes(stage)) {
                            experiments.add(new Experiment(id, nullToEmpty(rs.getString(2)), rs.getString(3), stage,
                                    longOr(rs, 5, -1), longOr(rs, 6, -1), tags.getOrDefault(id, Map.of())));
                        }
                    } catch (IllegalArgumentException e) {
                        problems.add(new LoadProblem("experiment", id, db + " table experiments", 0, e.getMessage()).logged(e));
                    }
                }
            }
        } catch (SQLException e) {
            throw sqlProblem("cannot list experiments", e);
        }
        return new ExperimentList(experiments, problems);
    }

    // ---------------------------------------------------------------- runs

    /**
     * Searches so a large store lists a page quickly. The filter, order and page are compiled to SQL
     * ({@link SqlSearch}) and only the page's runs are loaded. When the query uses what SQL does not evaluate, or a
     * searched run's row is irregular, it searches in two passes instead: first the runs of the experiments with only
     * the params, tags and metrics the filter and order-by read (MLflow's semantics applied by {@link LocalSearch}),
     * then the whole runs of the page. Both give the same runs in the same order.
     */
    @Override
    public RunPage searchRuns(RunQuery query) throws SourceException {
        RunPage page;
        try {
            RunFilter filter = RunFilter.parse(query.filter());
            List<RunOrdering.Key> order = RunOrdering.keys(query.orderBy());
            int offset = LocalSearch.pageOffset(query.pageToken());
            Optional<SqlSearch.Plan> plan = SqlSearch.compile(filter, order);
            page = plan.isPresent() ? sqlPage(query, plan.get(), offset) : null;
            if (page == null) {
                List<LoadProblem> problems = new ArrayList<>();
                Set<RunField> fields = new LinkedHashSet<>(filter.fields());
                order.forEach(k -> fields.add(k.field()));
                List<Run> thin = loadRuns(query.experimentIds(), query.viewType(), problems, Keys.of(fields));
                page = LocalSearch.page(thin, problems, query, summaries);
            }
        } catch (IllegalArgumentException e) {
            throw new SourceException(db.toString(), e.getMessage(), e);
        }
        Map<String, Run> full = new HashMap<>();
        List<String> ids = page.runs().stream().map(Run::id).toList();
        for (int from = 0; from < ids.size(); from += ID_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + ID_BATCH));
            queryRunsById(batch).forEach(r -> full.put(r.id(), r));
        }
        // a run deleted between the passes is left out rather than shown with half its data
        List<Run> runs = page.runs().stream().filter(r -> full.containsKey(r.id())).map(r -> full.get(r.id())).toList();
        return new RunPage(runs, page.problems(), page.nextPageToken());
    }

    /**
     * The page of {@code plan} as thin runs (ids only matter), or null when a searched run's row is irregular and the
     * search must run in memory.
     */
    private RunPage sqlPage(RunQuery query, SqlSearch.Plan plan, int offset) throws SourceException {
        if (query.experimentIds().isEmpty()) {
            return new RunPage(List.of(), List.of(), null);
        }
        List<Object> args = new ArrayList<>();
        String experiments = experimentsWhere(query.experimentIds(), args);
        List<Object> all = new ArrayList<>(args);
        String where = experiments;
        if (query.viewType() != ViewType.ALL) {
            where += " AND r.lifecycle_stage = ?";
            all.add(query.viewType() == ViewType.ACTIVE_ONLY ? LifecycleStage.ACTIVE.mlflowName()
                    : LifecycleStage.DELETED.mlflowName());
        }
        all.addAll(plan.args());
        all.addAll(plan.orderArgs());
        String sql = "SELECT r.run_uuid FROM runs r WHERE " + where + " AND (" + plan.where() + ") ORDER BY "
                + plan.orderBy();
        String irregularSql = "SELECT 1 FROM runs r WHERE " + experiments + " AND " + SqlSearch.IRREGULAR_ROW + " LIMIT 1";
        String irregularKey = "irregular " + irregularSql + " " + args;
        String idsKey = "ids " + sql + " " + all;
        List<String> ids;
        try {
            cache.validate();
            Boolean irregular = cache.get(irregularKey);
            ids = cache.get(idsKey);
            if (Boolean.TRUE.equals(irregular)) {
                return null;
            }
            if (irregular == null || ids == null) {
                try (Connection c = connect()) {
                    if (irregular == null) {
                        try (PreparedStatement ps = prepare(c, irregularSql, args); ResultSet rs = ps.executeQuery()) {
                            irregular = rs.next();
                        }
                        cache.put(irregularKey, irregular, 1);
                        if (irregular) {
                            return null;
                        }
                    }
                    checkInterrupted();
                    SqlSearch.register(c);
                    List<String> found = new ArrayList<>();
                    try (PreparedStatement ps = prepare(c, sql, all); ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getString(1));
                        }
                    }
                    cache.putIds(idsKey, found);
                    ids = found;
                }
            }
        } catch (SQLException e) {
            throw sqlProblem("cannot search runs", e);
        }
        int from = Math.min(offset, ids.size());
        int to = (int) Math.min((long) from + query.maxResults(), ids.size());
        String next = to < ids.size() ? LocalSearch.pageToken(to) : null;
        List<Run> page = ids.subList(from, to).stream().map(SqliteStoreSource::idOnly).toList();
        return new RunPage(page, List.of(), next);
    }

    /** A placeholder run carrying only its id, replaced by the whole run once the page is loaded. */
    private static Run idOnly(String id) {
        return new Run(new RunInfo(id, "", "0", "", RunStatus.FINISHED, -1, -1, "", LifecycleStage.ACTIVE),
                null, null, null);
    }

    /** Run ids bound in one {@code IN (...)} (well under SQLite's variable limit). */
    private static final int ID_BATCH = 500;

    /** Which params, tags and latest metrics a listing loads: every key (null), none (empty), or the named ones. */
    private record Keys(Set<String> params, Set<String> tags, Set<String> metrics) {
        static final Keys ALL = new Keys(null, null, null);

        /** The keys that evaluating {@code fields} needs; the run name attribute reads the mlflow.runName tag. */
        static Keys of(Set<RunField> fields) {
            Set<String> params = new HashSet<>();
            Set<String> tags = new HashSet<>();
            Set<String> metrics = new HashSet<>();
            for (RunField f : fields) {
                switch (f.entity()) {
                    case PARAM -> params.add(f.key());
                    case TAG -> tags.add(f.key());
                    case METRIC -> metrics.add(f.key());
                    case ATTRIBUTE -> {
                        if (f.key().equals("run_name")) {
                            tags.add(RUN_NAME_TAG);
                        }
                    }
                }
            }
            return new Keys(params, tags, metrics);
        }
    }

    private static final String RUN_NAME_TAG = "mlflow.runName";

    /** The runs of {@code experimentIds} in {@code viewType}, unfiltered and unordered; for tests and searchRuns. */
    List<Run> loadRuns(List<String> experimentIds, ViewType viewType) throws SourceException {
        return loadRuns(experimentIds, viewType, new ArrayList<>(), Keys.ALL);
    }

    private List<Run> loadRuns(List<String> experimentIds, ViewType viewType, List<LoadProblem> problems, Keys keys)
            throws SourceException {
        if (experimentIds.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(experimentsWhere(experimentIds, args));
        if (viewType != ViewType.ALL) {
            where.append(" AND r.lifecycle_stage = ?");
            args.add(viewType == ViewType.ACTIVE_ONLY ? LifecycleStage.ACTIVE.mlflowName()
                    : LifecycleStage.DELETED.mlflowName());
        }
        return queryRuns(where.toString(), args, problems, keys);
    }

    /** {@code r.experiment_id IN (...)} for {@code experimentIds}, their numbers appended to {@code args}. */
    private String experimentsWhere(List<String> experimentIds, List<Object> args) throws SourceException {
        for (String id : experimentIds) {
            try {
                args.add(Long.parseLong(id.trim()));
            } catch (NumberFormatException e) {
                throw new SourceException(db.toString(), "experiment id '" + id
                        + "' is not a number (the SQLite store uses integer experiment ids)");
            }
        }
        return "r.experiment_id IN (" + String.join(", ", Collections.nCopies(experimentIds.size(), "?")) + ")";
    }

    @Override
    public Run getRun(String runId) throws SourceException {
        List<LoadProblem> problems = new ArrayList<>();
        List<Run> runs = queryRuns("r.run_uuid = ?", List.of(runId), problems, Keys.ALL);
        if (!runs.isEmpty()) {
            return runs.get(0);
        }
        if (!problems.isEmpty()) {
            throw new SourceException(db.toString(), problems.get(0).describe());
        }
        throw new SourceException(db.toString(), "no run with id '" + runId + "'");
    }

    /**
     * Loads the runs matching {@code where} (over alias {@code r} = runs) with four set-based queries: runs, params,
     * tags and latest metrics (only the {@code keys} asked for). A run whose row cannot be interpreted becomes a
     * problem; the others load.
     */
    private List<Run> queryRuns(String where, List<Object> args, List<LoadProblem> problems, Keys keys)
            throws SourceException {
        return queryRuns(where, " x JOIN runs r ON r.run_uuid = x.run_uuid WHERE " + where, args, problems, keys);
    }

    /** The runs with these ids, reading their params, tags and metrics by the run_uuid index of each table. */
    private List<Run> queryRunsById(List<String> ids) throws SourceException {
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        return queryRuns("r.run_uuid IN (" + marks + ")", " x WHERE x.run_uuid IN (" + marks + ")",
                new ArrayList<>(ids), new ArrayList<>(), Keys.ALL);
    }

    /**
     * {@link #queryRuns(String, List, List, Keys)} with {@code join}: what follows each key/value table (alias
     * {@code x}) to select the same runs' rows with the same {@code args}.
     */
    private List<Run> queryRuns(String where, String join, List<Object> args, List<LoadProblem> problems, Keys keys)
            throws SourceException {
        Map<String, RunInfo> infos = new LinkedHashMap<>();
        Map<String, Map<String, String>> params = new HashMap<>();
        Map<String, Map<String, String>> tags = new HashMap<>();
        Map<String, Map<String, Metric>> latest = new HashMap<>();
        try (Connection c = connect()) {
            try (PreparedStatement ps = prepare(c, "SELECT " + RUN_COLUMNS + " FROM runs r WHERE " + where, args);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    try {
                        infos.put(id, runInfo(rs));
                    } catch (IllegalArgumentException e) {
                        problems.add(new LoadProblem("run", id, db + " table runs", 0, e.getMessage()).logged(e));
                    }
                }
            }
            checkInterrupted();
            readKeyValues(c, "params", join, args, keys.params(), params);
            checkInterrupted();
            readKeyValues(c, "tags", join, args, keys.tags(), tags);
            checkInterrupted();
            if (keys.metrics() != null && keys.metrics().isEmpty()) {
                return runs(infos, params, tags, latest);
            }
            List<Object> metricArgs = new ArrayList<>(args);
            try (PreparedStatement ps = prepare(c, "SELECT x.run_uuid, x.key, x.value, x.is_nan, x.timestamp, x.step "
                    + "FROM latest_metrics" + join + keyRestriction(keys.metrics(), metricArgs), metricArgs);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(2);
                    latest.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(key, new Metric(key, value(rs.getDouble(3), rs.getBoolean(4)), rs.getLong(5),
                                    rs.getLong(6)));
                }
            }
        } catch (SQLException e) {
            throw sqlProblem("cannot read runs", e);
        }
        return runs(infos, params, tags, latest);
    }

    private static List<Run> runs(Map<String, RunInfo> infos, Map<String, Map<String, String>> params,
                                  Map<String, Map<String, String>> tags, Map<String, Map<String, Metric>> latest) {
        List<Run> runs = new ArrayList<>(infos.size());
        infos.forEach((id, info) -> runs.add(new Run(info, params.get(id), tags.get(id), latest.get(id))));
        return runs;
    }

    /** Reads {@code table}'s key/value rows of the selected runs (only {@code keys}, all when null) into {@code out}. */
    private static void readKeyValues(Connection c, String table, String join, List<Object> args, Set<String> keys,
                                      Map<String, Map<String, String>> out) throws SQLException {
        if (keys != null && keys.isEmpty()) {
            return;
        }
        List<Object> all = new ArrayList<>(args);
        try (PreparedStatement ps = prepare(c, "SELECT x.run_uuid, x.key, x.value FROM " + table + join
                + keyRestriction(keys, all), all); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), nullToEmpty(rs.getString(3)));
            }
        }
    }

    /** {@code AND x.key IN (...)} for {@code keys} (their values appended to {@code args}); nothing when null. */
    private static String keyRestriction(Set<String> keys, List<Object> args) {
        if (keys == null) {
            return "";
        }
        args.addAll(keys);
        return " AND x.key IN (" + String.join(", ", Collections.nCopies(keys.size(), "?")) + ")";
    }

    private static RunInfo runInfo(ResultSet rs) throws SQLException {
        return new RunInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                RunStatus.parse(rs.getString(5)), longOr(rs, 6, -1), longOr(rs, 7, -1), rs.getString(8),
                LifecycleStage.parse(rs.getString(9)));
    }

    // ---------------------------------------------------------------- metrics

    @Override
    public MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException {
        try (Connection c = connect()) {
            requireRun(c, runId);
            List<long[]> stepsTimes = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            // rows come ordered so MetricSeries.sorted (which defines the order) finds them in order in one pass
            try (PreparedStatement ps = prepare(c, "SELECT step, timestamp, value, is_nan FROM metrics "
                    + "WHERE run_uuid = ? AND key = ? ORDER BY step, timestamp", List.of(runId, metricKey));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stepsTimes.add(new long[]{rs.getLong(1), rs.getLong(2)});
                    values.add(value(rs.getDouble(3), rs.getBoolean(4)));
                }
            }
            int n = values.size();
            long[] steps = new long[n];
            long[] timestamps = new long[n];
            double[] vals = new double[n];
            for (int i = 0; i < n; i++) {
                steps[i] = stepsTimes.get(i)[0];
                timestamps[i] = stepsTimes.get(i)[1];
                vals[i] = values.get(i);
            }
            return MetricSeries.sorted(runId, metricKey, steps, vals, timestamps);
        } catch (SQLException e) {
            throw sqlProblem("cannot read metric '" + metricKey + "' of run " + runId, e);
        }
    }

    /** Undoes the SQL store's encoding: NaN as 0 with is_nan, ±infinity clamped to ±Double.MAX_VALUE. */
    private static double value(double stored, boolean isNan) {
        if (isNan) {
            return Double.NaN;
        }
        if (stored == Double.MAX_VALUE) {
            return Double.POSITIVE_INFINITY;
        }
        if (stored == -Double.MAX_VALUE) {
            return Double.NEGATIVE_INFINITY;
        }
        return stored;
    }

    // ---------------------------------------------------------------- artifacts

    @Override
    public List<ArtifactRef> listArtifacts(String runId, String path) throws SourceException {
        Path root = artifactRoot(runId);
        String rel = normalizeArtifactPath(runId, path);
        Path dir = rel.isEmpty() ? root : root.resolve(rel);
        if (!Files.exists(dir)) {
            if (rel.isEmpty()) {
                return List.of(); // MLflow creates the artifact folder only when something is logged
            }
            throw new SourceException(dir.toString(), "no artifact '" + rel + "' in run " + runId);
        }
        if (!Files.isDirectory(dir)) {
            throw new SourceException(dir.toString(), "artifact '" + rel + "' of run " + runId + " is a file");
        }
        List<ArtifactRef> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.sorted().toList()) {
                String childRel = rel.isEmpty() ? child.getFileName().toString() : rel + "/" + child.getFileName();
                boolean directory = Files.isDirectory(child);
                out.add(new ArtifactRef(runId, childRel, directory, directory ? -1 : Files.size(child)));
            }
        } catch (IOException e) {
            throw new SourceException(dir.toString(), "cannot list artifacts: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public InputStream openArtifact(String runId, String path) throws SourceException {
        Path root = artifactRoot(runId);
        String rel = normalizeArtifactPath(runId, path);
        Path file = root.resolve(rel);
        if (rel.isEmpty() || !Files.isRegularFile(file)) {
            throw new SourceException(file.toString(), "no artifact file '" + rel + "' in run " + runId);
        }
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new SourceException(file.toString(), "cannot open artifact: " + e.getMessage(), e);
        }
    }

    /** '/'-separated, without empty or '.' segments; rejects absolute paths and '..'. */
    private static String normalizeArtifactPath(String runId, String path) throws SourceException {
        if (path == null || path.isEmpty()) {
            return "";
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.contains(":")) {
            throw new SourceException("", "artifact path '" + path + "' of run " + runId + " must be relative");
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("[/\\\\]")) {
            if (part.equals("..")) {
                throw new SourceException("", "artifact path '" + path + "' of run " + runId
                        + " must not contain '..'");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** The local folder holding the run's artifacts (it may not exist yet). */
    private Path artifactRoot(String runId) throws SourceException {
        String uri;
        try (Connection c = connect()) {
            uri = requireRun(c, runId);
        } catch (SQLException e) {
            throw sqlProblem("cannot read run " + runId, e);
        }
        if (uri == null || uri.isBlank()) {
            throw new SourceException(db.toString(), "run " + runId + " has no artifact_uri");
        }
        if (uri.startsWith("mlflow-artifacts:")) {
            throw new SourceException(uri, "artifacts of run " + runId + " are stored by a tracking server "
                    + "(mlflow-artifacts:); they are only reachable through that server");
        }
        Path path;
        try {
            if (uri.startsWith("file:")) {
                path = Paths.get(URI.create(uri));
            } else if (uri.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*") && !uri.matches("^[A-Za-z]:[/\\\\].*")) {
                throw new SourceException(uri, "artifacts of run " + runId
                        + " are in a remote artifact store; only local artifact folders can be read");
            } else {
                path = Paths.get(uri);
            }
        } catch (IllegalArgumentException e) {
            throw new SourceException(uri, "artifact_uri of run " + runId + " is not a valid local path: "
                    + e.getMessage(), e);
        }
        Path folder = db.getParent();
        if (!path.isAbsolute()) {
            return folder.resolve(path).normalize();
        }
        if (Files.exists(path)) {
            return path;
        }
        return relocated(path, runId, folder);
    }

    /**
     * A store copied from elsewhere: the longest tail of {@code original} that contains the run id and exists under
     * the database's folder, else {@code original}.
     */
    private static Path relocated(Path original, String runId, Path folder) {
        int runIndex = -1;
        for (int i = 0; i < original.getNameCount(); i++) {
            if (original.getName(i).toString().equals(runId)) {
                runIndex = i;
            }
        }
        for (int start = 0; start <= runIndex; start++) {
            Path candidate = folder.resolve(original.subpath(start, original.getNameCount()));
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return original;
    }

    // ---------------------------------------------------------------- registry, logged models, datasets

    @FunctionalInterface
    private interface RegistryRead<T> {
        T read(SqliteRegistry registry) throws SQLException, SourceException;
    }

    private <T> T registry(String what, RegistryRead<T> read) throws SourceException {
        try (Connection c = connect()) {
            return read.read(new SqliteRegistry(c));
        } catch (SQLException e) {
            throw sqlProblem("cannot read " + what, e);
        }
    }

    @Override
    public List<RegisteredModel> listRegisteredModels() throws SourceException {
        return registry("registered models", r -> r.registeredModels(null));
    }

    @Override
    public RegisteredModel getRegisteredModel(String name) throws SourceException {
        return registry("registered model " + name, r -> {
            List<RegisteredModel> found = r.registeredModels(name);
            if (found.isEmpty()) {
                throw new SourceException(db.toString(), "no registered model '" + name + "'");
            }
            return found.get(0);
        });
    }

    @Override
    public List<ModelVersion> listModelVersions(String name) throws SourceException {
        return registry("versions of " + name, r -> {
            if (r.registeredModels(name).isEmpty()) {
                throw new SourceException(db.toString(), "no registered model '" + name + "'");
            }
            return r.versions(name);
        });
    }

    @Override
    public List<LoggedModel> searchLoggedModels(List<String> experimentIds) throws SourceException {
        return registry("logged models", r -> r.loggedModels(experimentIds, null));
    }

    @Override
    public LoggedModel getLoggedModel(String modelId) throws SourceException {
        return registry("logged model " + modelId, r -> {
            List<LoggedModel> found = r.loggedModels(null, modelId);
            if (found.isEmpty()) {
                throw new SourceException(db.toString(), "no logged model " + modelId);
            }
            return found.get(0);
        });
    }

    @Override
    public List<DatasetInput> getDatasetInputs(String runId) throws SourceException {
        return registry("dataset inputs of run " + runId, r -> {
            requireRun(r.connection(), runId);
            return r.datasetInputs(runId);
        });
    }

    // ---------------------------------------------------------------- helpers

    /** Returns the run's artifact_uri, or throws when there is no such run. */
    private String requireRun(Connection c, String runId) throws SQLException, SourceException {
        try (PreparedStatement ps = prepare(c, "SELECT artifact_uri FROM runs WHERE run_uuid = ?", List.of(runId));
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SourceException(db.toString(), "no run with id '" + runId + "'");
            }
            return rs.getString(1);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
        return ps;
    }

    private static long longOr(ResultSet rs, int column, long fallback) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? fallback : v;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private void checkInterrupted() throws SourceException {
        if (Thread.currentThread().isInterrupted()) {
            throw new SourceException(db.toString(), "cancelled");
        }
    }
}
