package dev.handoff.runs.source.sqlite;

import dev.handoff.runs.*;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Reads MLflow's SQLite tracking store ({@code mlflow.db}) read-only. */
public final class SqliteStoreSource implements RunSource {
    private final Path db;

    public SqliteStoreSource(Path db) throws SourceException {
        this.db = db;
    }

    @Override public String describe() { return "MLflow SQLite store " + db; }
    @Override public ExperimentList listExperiments(ViewType viewType) throws SourceException { throw new UnsupportedOperationException(); }
    @Override public RunPage searchRuns(RunQuery query) throws SourceException { throw new UnsupportedOperationException(); }
    @Override public Run getRun(String runId) throws SourceException { throw new UnsupportedOperationException(); }
    @Override public MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException { throw new UnsupportedOperationException(); }
    @Override public List<ArtifactRef> listArtifacts(String runId, String path) throws SourceException { throw new UnsupportedOperationException(); }
    @Override public InputStream openArtifact(String runId, String path) throws SourceException { throw new UnsupportedOperationException(); }
}
