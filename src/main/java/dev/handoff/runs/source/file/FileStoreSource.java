package dev.handoff.runs.source.file;

import dev.handoff.runs.*;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Reads an MLflow file store ({@code mlruns/}) read-only. */
public final class FileStoreSource implements RunSource {
    private final Path root;

    public FileStoreSource(Path root) throws SourceException {
        this.root = root;
    }

    @Override public String describe() { return "mlruns file store " + root; }
    @Override public ExperimentList listExperiments(ViewType viewType) throws SourceException { throw new UnsupportedOperationException(); }
    @Override public RunPage searchRuns(RunQuery query) throws SourceException { throw new UnsupportedOperationException(); }
    @Override public Run getRun(String runId) throws SourceException { throw new UnsupportedOperationException(); }
    @Override public MetricSeries getMetricHistory(String runId, String metricKey) throws SourceException { throw new UnsupportedOperationException(); }
    @Override public List<ArtifactRef> listArtifacts(String runId, String path) throws SourceException { throw new UnsupportedOperationException(); }
    @Override public InputStream openArtifact(String runId, String path) throws SourceException { throw new UnsupportedOperationException(); }
}
